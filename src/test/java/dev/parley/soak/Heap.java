package dev.parley.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live heap of another JVM, from {@code jcmd <pid> GC.class_histogram}: that command
 * runs a full GC first, so its total is the bytes of the objects still reachable, and its
 * rows say which classes hold them.
 */
final class Heap {

	private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*$");

	private static final Pattern TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)\\s*$");

	private final long pid;

	Heap(long pid) {
		this.pid = pid;
	}

	/**
	 * The node's threads and a heap dump, written to the folder: for a settle that timed
	 * out.
	 */
	void dump(java.nio.file.Path folder) throws IOException, InterruptedException {
		java.nio.file.Files.createDirectories(folder);
		Process threads = new ProcessBuilder(jcmd(), Long.toString(this.pid), "Thread.print").redirectErrorStream(true)
			.redirectOutput(folder.resolve("threads.txt").toFile())
			.start();
		threads.waitFor(60, TimeUnit.SECONDS);
		Process dump = new ProcessBuilder(jcmd(), Long.toString(this.pid), "GC.heap_dump",
				folder.resolve("node.hprof").toAbsolutePath().toString())
			.redirectErrorStream(true)
			.start();
		dump.getInputStream().readAllBytes();
		dump.waitFor(120, TimeUnit.SECONDS);
	}

	/** A full GC, then the histogram of what survived it. */
	Histogram histogram() throws IOException, InterruptedException {
		Process jcmd = new ProcessBuilder(jcmd(), Long.toString(this.pid), "GC.class_histogram")
			.redirectErrorStream(true)
			.start();
		String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
			throw new IllegalStateException("jcmd GC.class_histogram failed: " + out);
		}
		Map<String, Row> rows = new HashMap<>();
		long total = -1;
		for (String line : out.split("\n")) {
			Matcher row = ROW.matcher(line);
			if (row.matches()) {
				rows.merge(row.group(3), new Row(Long.parseLong(row.group(1)), Long.parseLong(row.group(2))),
						(a, b) -> new Row(a.instances() + b.instances(), a.bytes() + b.bytes()));
				continue;
			}
			Matcher sum = TOTAL.matcher(line);
			if (sum.matches()) {
				total = Long.parseLong(sum.group(2));
			}
		}
		if (total < 0) {
			throw new IllegalStateException("no total in the histogram: " + out);
		}
		return new Histogram(total, rows);
	}

	/** The JDK's jcmd beside the running java, or on the PATH. */
	private static String jcmd() {
		return ProcessHandle.current()
			.info()
			.command()
			.map(java -> java.replaceFirst("java$", "jcmd"))
			.filter(path -> new java.io.File(path).canExecute())
			.orElse("jcmd");
	}

	/** Instances and bytes of one class. */
	record Row(long instances, long bytes) {
	}

	/** Live bytes after a full GC, and by class. */
	record Histogram(long live, Map<String, Row> rows) {

		long instances(String className) {
			Row row = this.rows.get(className);
			return (row != null) ? row.instances() : 0;
		}

		/** Classes that grew from the other histogram to this one, most bytes first. */
		List<String> growthSince(Histogram earlier, int limit) {
			return this.rows.entrySet().stream().map(entry -> {
				Row before = earlier.rows().getOrDefault(entry.getKey(), new Row(0, 0));
				return Map.entry(entry.getKey(), new Row(entry.getValue().instances() - before.instances(),
						entry.getValue().bytes() - before.bytes()));
			})
				.filter(entry -> entry.getValue().bytes() > 0)
				.sorted((a, b) -> Long.compare(b.getValue().bytes(), a.getValue().bytes()))
				.limit(limit)
				.map(entry -> String.format("%+d instances, %+d bytes: %s", entry.getValue().instances(),
						entry.getValue().bytes(), entry.getKey()))
				.toList();
		}

	}

}
