package dev.parley.bench;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * One run of the benchmark as {@code bench-<time>.json} holds it, and as {@link Chart}
 * reads it back (the committed runs in docs/bench included).
 *
 * @param started when the run started (ISO-8601)
 * @param machine what it ran on
 * @param options the options it ran with, as arguments would give them
 * ({@link BenchOptions#asArguments()}; runs before December 2026 recorded only those
 * given)
 * @param results one per target and scenario, in the order they ran
 */
record Report(String started, Machine machine, Map<String, String> options, List<Result> results) {

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	Report {
		options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
		results = List.copyOf(results);
	}

	static Report read(Path json) {
		return JSON.readValue(json.toFile(), Report.class);
	}

	/** The report as {@code bench-<time>.json} holds it (indented). */
	String json() {
		return JSON.writeValueAsString(this);
	}

	/** The machine as its JSON fields, for the page. */
	Map<String, Object> machineFields() {
		return JSON.convertValue(this.machine,
				JSON.getTypeFactory().constructMapType(Map.class, String.class, Object.class));
	}

}
