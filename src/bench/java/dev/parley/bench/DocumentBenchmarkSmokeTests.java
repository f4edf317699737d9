package dev.parley.bench;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.parley.support.BenchTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared documents' benchmark in its smallest configuration, so that it keeps
 * working: both scenarios confirm ops, without errors. The figures are not judged here
 * (docs/performance.md holds the full runs).
 */
@BenchTest
class DocumentBenchmarkSmokeTests {

	@Test
	@SuppressWarnings("unchecked")
	void bothScenariosConfirmOps() throws Exception {
		Map<String, Object> report = DocumentBenchmark.run(2, List.of(2), 5, List.of(50),
				List.of("-Xmx256m", "-XX:+UseG1GC"));
		List<Map<String, Object>> rows = new java.util.ArrayList<>();
		rows.addAll((List<Map<String, Object>>) report.get("oneDocument"));
		rows.addAll((List<Map<String, Object>>) report.get("node"));
		assertThat(rows).hasSize(2).allSatisfy(row -> {
			assertThat((Double) row.get("opsPerSecond")).isPositive();
			assertThat(row.get("errors")).isEqualTo(0L);
		});
	}

}
