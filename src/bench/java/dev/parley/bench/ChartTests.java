package dev.parley.bench;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark page. A step past saturation can deliver nothing within its window (latencies reported as -1): it
 * has no latency to plot, and was drawn at 0/s and 1 ms, a point better than any measured.
 */
class ChartTests {

	@Test
	void aStepWithNothingDeliveredIsLeftOffTheLinesAndDashedInTheTable() {
		Map<String, Object> report = Map.of("started", "now", "machine", Map.of(), "options", Map.of(), "results",
				List.of(Map.of("target", "parley-embedded", "scenario", "fanout", "steps",
						List.of(step(1000, 999.0, 1.0, 3.1, 15.6), step(20000, 0.0, 0.0, -1, -1)))));

		String html = Chart.html(report);

		Matcher lines = Pattern.compile("<polyline points='([^']*)'").matcher(html);
		int count = 0;
		while (lines.find()) {
			assertThat(lines.group(1).trim().split(" ")).as("p99 and p50 lines: only the step that delivered").hasSize(1);
			count++;
		}
		assertThat(count).isEqualTo(2);
		assertThat(html).contains("<td>20,000</td><td>0</td><td>0.00 %</td><td>&mdash;</td>").doesNotContain("-1.0");
	}

	private static Map<String, Object> step(int offered, double delivered, double ratio, double p50, double p99) {
		return Map.ofEntries(Map.entry("targetDeliveredPerSecond", offered), Map.entry("deliveredPerSecond", delivered),
				Map.entry("deliveryRatio", ratio), Map.entry("samples", (int) (delivered * 10)), Map.entry("p50Ms", p50),
				Map.entry("p95Ms", p99), Map.entry("p99Ms", p99), Map.entry("maxMs", p99),
				Map.entry("serverCpuCores", Map.of("parley", 1.0)), Map.entry("generatorCpuCores", 0.3));
	}

}
