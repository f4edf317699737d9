package dev.parley.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark page. A step past saturation can deliver nothing within its window
 * (latencies reported as -1): it has no latency to plot, and was drawn at 0/s and 1 ms, a
 * point better than any measured. The committed runs in docs/bench read back as written
 * and render as committed, so the result format and the page have not changed.
 */
class ChartTests {

	@Test
	void theCommittedRunsReadBackAsWrittenAndRenderTheirCommittedPages() throws IOException {
		List<Path> runs;
		try (Stream<Path> files = Files.list(Path.of("docs/bench"))) {
			runs = files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
		}
		assertThat(runs).isNotEmpty();
		for (Path json : runs) {
			Report report = Report.read(json);
			assertThat(report.json()).as(json.toString()).isEqualTo(Files.readString(json));
			Path html = json.resolveSibling(json.getFileName().toString().replace(".json", ".html"));
			assertThat(Chart.html(report)).as(html.toString()).isEqualTo(Files.readString(html));
		}
	}

	@Test
	void aStepWithNothingDeliveredIsLeftOffTheLinesAndDashedInTheTable() {
		Report report = new Report("now", new Machine(2, "?", "?", "?", "?", "?"), Map.of(),
				List.of(new Result.Fanout("parley-embedded", "fanout", 100, 10, 10,
						List.of(step(1000, 999.0, 1.0, 3.1, 15.6), step(20000, 0.0, 0.0, -1, -1)), Map.of())));

		String html = Chart.html(report);

		Matcher lines = Pattern.compile("<polyline points='([^']*)'").matcher(html);
		int count = 0;
		while (lines.find()) {
			assertThat(lines.group(1).trim().split(" ")).as("p99 and p50 lines: only the step that delivered")
				.hasSize(1);
			count++;
		}
		assertThat(count).isEqualTo(2);
		assertThat(html).contains("<td>20,000</td><td>0</td><td>0.00 %</td><td>&mdash;</td>").doesNotContain("-1.0");
	}

	@Test
	void aStepsCpuPerDeliveredMessageIsTabledInTotalAndByRole() {
		Map<String, Double> perMessage = Benchmark.cpuUsPerDelivered(Map.of("parley", 0.5), 5000);
		assertThat(perMessage).containsExactly(Map.entry("parley", 100.0));
		assertThat(Benchmark.cpuUsPerDelivered(Map.of("parley", 0.5), 0)).isNull();
		Map<String, Double> cores = new java.util.LinkedHashMap<>();
		cores.put("parley", 0.5);
		cores.put("rabbitmq", 0.25);
		Map<String, Double> byRole = Benchmark.cpuUsPerDelivered(cores, 5000);
		Result.Step step = new Result.Step(50000, 1, 2, 3, 4, List.of(), 5000, 500, 5000, 1.0, cores, 150.0, byRole,
				0.3, null, true);
		Report report = new Report("now", new Machine(2, "?", "?", "?", "?", "?"), Map.of(), List.of(
				new Result.Fanout("parley-relay", "fanout", 100, 10, 10, List.of(step), Map.of()),
				new Result.Idle("parley-relay", "idle", 100, 1, 1, 100, 0, null, null, Map.of(), Map.of(), null, 100)));

		String html = Chart.html(report);

		assertThat(byRole).containsExactly(Map.entry("parley", 100.0), Map.entry("rabbitmq", 50.0));
		assertThat(html).contains("<th>server CPU &micro;s/delivered</th>")
			.contains("<td>150.0 (parley 100.0, rabbitmq 50.0)</td>")
			.contains("<th>permessage-deflate sessions</th>");
	}

	private static Result.Step step(int offered, double delivered, double ratio, double p50, double p99) {
		return new Result.Step((int) (delivered * 10), p50, p99, p99, p99, List.of(), offered, delivered / 10,
				delivered, ratio, Map.of("parley", 1.0), null, null, 0.3, null, ratio >= Benchmark.RATIO_LIMIT);
	}

}
