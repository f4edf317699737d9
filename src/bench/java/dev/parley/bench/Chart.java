package dev.parley.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.web.util.HtmlUtils;

/**
 * A self-contained HTML page of one run: p99 and p50 latency (log scale) against
 * delivered rate, one line per target and scenario, and tables of every step, the idle
 * and the storm results. {@code main} renders it again from a run's JSON:
 * {@code java -cp ... dev.parley.bench.Chart target/bench/bench-<time>.json}.
 */
final class Chart {

	private static final String[] COLOURS = { "#4f46e5", "#15803d", "#b45309", "#b91c1c", "#0e7490", "#7e22ce" };

	private static final int WIDTH = 900;

	private static final int HEIGHT = 480;

	private static final int LEFT = 70;

	private static final int TOP = 20;

	private static final double PLOT_W = WIDTH - LEFT - 30;

	private static final double PLOT_H = HEIGHT - TOP - 40;

	private Chart() {
	}

	/** Renders the HTML page again from a run's JSON file, next to it. */
	public static void main(String[] args) throws Exception {
		Path json = Path.of(args[0]);
		Path html = json.resolveSibling(json.getFileName().toString().replaceAll("\\.json$", "") + ".html");
		Files.writeString(html, html(Report.read(json)));
		System.out.println(html);
	}

	static String html(Report report) {
		List<Result> results = report.results();
		double maxRate = 1;
		double maxLatency = 100;
		for (Result result : results) {
			for (Result.Step step : result.steps()) {
				maxRate = Math.max(maxRate, step.deliveredPerSecond());
				maxLatency = Math.max(maxLatency, step.p99Ms());
			}
		}
		double xMax = niceCeiling(maxRate);
		// the y axis runs from 1 ms to 10^decades ms
		int decades = (int) Math.ceil(Math.log10(maxLatency));
		StringBuilder svg = new StringBuilder();
		svg.append(format("<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' font-family='sans-serif' "
				+ "font-size='12'>", WIDTH, HEIGHT));
		for (int decade = 0; decade <= decades; decade++) {
			double y = y(Math.pow(10, decade), decades);
			svg.append(format("<line x1='%d' x2='%.1f' y1='%.1f' y2='%.1f' stroke='#e2e5f0'/>", LEFT, LEFT + PLOT_W, y,
					y));
			svg.append(format("<text x='%d' y='%.1f' text-anchor='end'>%s</text>", LEFT - 6, y + 4, (decade < 3)
					? format("%.0f ms", Math.pow(10, decade)) : format("%.0f s", Math.pow(10, decade - 3))));
		}
		for (int i = 0; i <= 5; i++) {
			double x = LEFT + PLOT_W * i / 5;
			svg.append(format("<text x='%.1f' y='%.1f' text-anchor='middle'>%,.0f/s</text>", x, TOP + PLOT_H + 18,
					xMax * i / 5));
		}
		svg.append(format("<text x='%.1f' y='%d' text-anchor='middle'>delivered messages per second</text>",
				LEFT + PLOT_W / 2, HEIGHT - 4));
		double limitY = y(Benchmark.P99_LIMIT_MS, decades);
		svg.append(format("<line x1='%d' x2='%.1f' y1='%.1f' y2='%.1f' stroke='#b91c1c' stroke-dasharray='4 4'/>", LEFT,
				LEFT + PLOT_W, limitY, limitY));
		svg.append(format("<text x='%.1f' y='%.1f' fill='#b91c1c'>p99 limit 50 ms</text>", LEFT + PLOT_W - 100,
				limitY - 4));
		List<String> legend = new ArrayList<>();
		int colour = 0;
		for (Result result : results) {
			List<Result.Step> steps = result.steps();
			if (steps.isEmpty()) {
				continue;
			}
			String c = COLOURS[colour++ % COLOURS.length];
			for (boolean p99 : new boolean[] { true, false }) {
				StringBuilder points = new StringBuilder();
				for (Result.Step step : steps) {
					double latency = p99 ? step.p99Ms() : step.p50Ms();
					if (!(latency >= 0)) {
						// nothing delivered within the step and 5 s: no latency to plot
						// (the table says so)
						continue;
					}
					double x = LEFT + PLOT_W * step.deliveredPerSecond() / xMax;
					double y = y(latency, decades);
					points.append(format("%.1f,%.1f ", x, y));
					svg.append(format("<circle cx='%.1f' cy='%.1f' r='3' fill='%s'/>", x, y, c));
				}
				svg.append(format("<polyline points='%s' fill='none' stroke='%s' stroke-width='2'%s/>", points, c,
						p99 ? "" : " stroke-dasharray='6 3' opacity='0.6'"));
			}
			legend.add("<li><span style='color:" + c + "'>&#9632;</span> "
					+ escape(result.target() + " " + result.scenario()) + " (solid p99, dashed p50)</li>");
		}
		svg.append("</svg>");
		return "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Parley benchmark</title><style>"
				+ "body{font-family:sans-serif;max-width:960px;margin:2rem auto}table{border-collapse:collapse;"
				+ "font-size:13px}td,th{border:1px solid #d4d8e4;padding:2px 6px;text-align:right}"
				+ "th:first-child,td:first-child,td:nth-child(2){text-align:left}</style></head><body>"
				+ "<h1>Parley benchmark: latency against delivered throughput</h1><p>" + escape(report.started())
				+ " &middot; " + escape(report.machineFields()) + "</p><p>options: " + escape(report.options()) + "</p>"
				+ svg + "<ul>" + String.join("", legend) + "</ul>" + stepTable(results) + idleTable(results)
				+ stormTable(results) + failures(results) + "</body></html>";
	}

	private static String stepTable(List<Result> results) {
		// runs before the CPU per delivered message have no such column (their pages
		// render as committed)
		boolean perMessage = results.stream()
			.flatMap(result -> result.steps().stream())
			.anyMatch(step -> step.serverCpuUsPerDelivered() != null);
		StringBuilder rows = new StringBuilder();
		for (Result result : results) {
			for (Result.Step step : result.steps()) {
				List<Object> cells = new ArrayList<>(List.of(result.target(), result.scenario(),
						format("%,.0f", (double) step.targetDeliveredPerSecond()),
						format("%,.0f", step.deliveredPerSecond()), format("%.2f %%", 100 * step.deliveryRatio()),
						latency(step.p50Ms(), "%.1f"), latency(step.p95Ms(), "%.1f"), latency(step.p99Ms(), "%.1f"),
						latency(step.maxMs(), "%.0f"), perProcess(step.serverCpuCores())));
				if (perMessage) {
					cells.add(cpuPerMessage(step));
				}
				cells.add(format("%.2f", step.generatorCpuCores()));
				rows.append(row(cells.toArray()));
			}
		}
		List<String> headers = new ArrayList<>(List.of("target", "scenario", "offered/s", "delivered/s", "delivered",
				"p50", "p95", "p99", "max", "server CPU cores"));
		if (perMessage) {
			headers.add("server CPU µs/delivered");
		}
		headers.add("generator CPU cores");
		return table("Rate steps (latency in ms, from send to each subscriber)", headers, rows);
	}

	/**
	 * The server's CPU per delivered message, µs: the total, then by role when there are
	 * several ("41.2 (parley 30.1, rabbitmq 11.1)").
	 */
	private static String cpuPerMessage(Result.Step step) {
		Double total = step.serverCpuUsPerDelivered();
		if (total == null) {
			return "—";
		}
		Map<String, Double> byRole = step.serverCpuUsPerDeliveredByProcess();
		String text = format("%.1f", total);
		if (byRole != null && byRole.size() > 1) {
			List<String> parts = new ArrayList<>();
			byRole.forEach((name, value) -> parts.add(name + " " + format("%.1f", value)));
			text += " (" + String.join(", ", parts) + ")";
		}
		return text;
	}

	private static String idleTable(List<Result> results) {
		// runs before the generator offered permessage-deflate have no such column
		boolean deflate = results.stream()
			.anyMatch(result -> result instanceof Result.Idle idle && idle.deflateSessions() != null);
		StringBuilder rows = new StringBuilder();
		for (Result result : results) {
			if (result instanceof Result.Idle idle) {
				List<Object> cells = new ArrayList<>(List.of(idle.target(), idle.sessions(),
						format("%.1f", idle.connectSeconds()), idle.stillOpen(), idle.closedByServer()));
				if (deflate) {
					cells.add((idle.deflateSessions() != null) ? idle.deflateSessions() : "—");
				}
				cells.addAll(List.of(
						(idle.heapBytesPerSession() != null)
								? format("%.1f", idle.heapBytesPerSession().doubleValue() / 1000) : "—",
						memory(idle.memory()), perProcess(idle.serverCpuCoresWhileIdle())));
				rows.append(row(cells.toArray()));
			}
		}
		List<String> headers = new ArrayList<>(
				List.of("target", "sessions", "connect + subscribe s", "still open", "closed by server"));
		if (deflate) {
			headers.add("permessage-deflate sessions");
		}
		headers.addAll(List.of("live heap KB/session", "RSS KB/session", "server CPU cores"));
		return table("Idle", headers, rows);
	}

	private static String stormTable(List<Result> results) {
		StringBuilder rows = new StringBuilder();
		for (Result result : results) {
			if (result instanceof Result.Storm storm) {
				rows.append(row(storm.target(), storm.sessions(),
						format("%.1f", storm.reconnectedAndSubscribedSeconds()), storm.errors(),
						perProcess(storm.serverCpuMsPerSession()), format("%.2f", storm.generatorCpuCores())));
			}
		}
		return table("Reconnect storm",
				List.of("target", "sessions", "all back, s", "errors", "server CPU ms/session", "generator CPU cores"),
				rows);
	}

	private static String failures(List<Result> results) {
		StringBuilder rows = new StringBuilder();
		for (Result result : results) {
			if (result instanceof Result.Failed failed) {
				rows.append(row(failed.target(), failed.scenario(), failed.failed()));
			}
		}
		return table("Failed", List.of("target", "scenario", "error"), rows);
	}

	/**
	 * A figure per process, {@code {parley=1.2, rabbitmq=0.3}}, as "parley 1.20, rabbitmq
	 * 0.30".
	 */
	private static String perProcess(Map<String, Double> processes) {
		List<String> parts = new ArrayList<>();
		processes.forEach((name, value) -> parts.add(name + " " + format("%.2f", value)));
		return String.join(", ", parts);
	}

	/** The per-session RSS figures of each process, in KB. */
	private static String memory(Map<String, Long> memory) {
		List<String> parts = new ArrayList<>();
		memory.forEach((name, value) -> {
			if (name.endsWith("RssBytesPerSession")) {
				parts.add(name.replace("RssBytesPerSession", "") + " " + format("%.0f", value.doubleValue() / 1000));
			}
		});
		return String.join(", ", parts);
	}

	private static String table(String title, List<String> headers, CharSequence rows) {
		if (rows.isEmpty()) {
			return "";
		}
		StringBuilder head = new StringBuilder();
		headers.forEach(header -> head.append("<th>").append(escape(header)).append("</th>"));
		return "<h2>" + escape(title) + "</h2><table><tr>" + head + "</tr>" + rows + "</table>";
	}

	private static String row(Object... cells) {
		StringBuilder row = new StringBuilder("<tr>");
		for (Object cell : cells) {
			row.append("<td>").append(escape(cell)).append("</td>");
		}
		return row.append("</tr>").toString();
	}

	/**
	 * A step's latency figure, or a dash when nothing it sent was delivered in time
	 * (reported as -1).
	 */
	private static String latency(double ms, String format) {
		return (ms >= 0) ? format(format, ms) : "—";
	}

	private static double y(double latencyMs, int decades) {
		double log = Math.log10(Math.max(1, latencyMs));
		return TOP + PLOT_H - PLOT_H * log / decades;
	}

	/** The smallest 1, 2 or 5 times a power of ten at or above the value. */
	private static double niceCeiling(double value) {
		double power = Math.pow(10, Math.floor(Math.log10(value)));
		for (double step : new double[] { 1, 2, 5, 10 }) {
			if (step * power >= value) {
				return step * power;
			}
		}
		return 10 * power;
	}

	private static String escape(Object value) {
		return HtmlUtils.htmlEscape(String.valueOf(value));
	}

	private static String format(String format, Object... args) {
		return String.format(Locale.ROOT, format, args);
	}

}
