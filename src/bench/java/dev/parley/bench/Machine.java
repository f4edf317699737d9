package dev.parley.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the benchmark ran on, for the report. */
final class Machine {

	private Machine() {
	}

	static Map<String, Object> describe() {
		Map<String, Object> machine = new LinkedHashMap<>();
		machine.put("cpus", Runtime.getRuntime().availableProcessors());
		machine.put("cpuModel", firstLine("/proc/cpuinfo", "model name"));
		machine.put("memTotal", firstLine("/proc/meminfo", "MemTotal"));
		machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
		machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
		machine.put("loadAverageAtStart", firstLine("/proc/loadavg", ""));
		return machine;
	}

	private static String firstLine(String file, String prefix) {
		try {
			return Files.readAllLines(Path.of(file))
				.stream()
				.filter(line -> line.startsWith(prefix))
				.findFirst()
				.map(line -> line.contains(":") ? line.substring(line.indexOf(':') + 1).trim() : line.trim())
				.orElse("?");
		}
		catch (Exception ex) {
			return "?";
		}
	}

}
