package dev.parley.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the benchmark ran on, for the report.
 *
 * @param cpus processors available to the generator's JVM
 * @param cpuModel the first {@code model name} of {@code /proc/cpuinfo}
 * @param memTotal {@code MemTotal} of {@code /proc/meminfo}
 * @param os the operating system's name and version
 * @param java the generator's JVM and its version
 * @param loadAverageAtStart {@code /proc/loadavg} when the run started (the host may be
 * shared)
 */
record Machine(int cpus, String cpuModel, String memTotal, String os, String java, String loadAverageAtStart) {

	static Machine describe() {
		return new Machine(Runtime.getRuntime().availableProcessors(), firstLine("/proc/cpuinfo", "model name"),
				firstLine("/proc/meminfo", "MemTotal"),
				System.getProperty("os.name") + " " + System.getProperty("os.version"),
				System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
				firstLine("/proc/loadavg", ""));
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
