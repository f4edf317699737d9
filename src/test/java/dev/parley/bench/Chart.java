package dev.parley.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.web.util.HtmlUtils;

/** A self-contained HTML page: p99 and p50 latency against delivered rate, one line per target and scenario. */
final class Chart {

	private static final String[] COLOURS = { "#4f46e5", "#15803d", "#b45309", "#b91c1c", "#0e7490", "#7e22ce" };

	private Chart() {
	}

	@SuppressWarnings("unchecked")
	static String html(Map<String, Object> report) {
		List<Map<String, Object>> results = (List<Map<String, Object>>) report.get("results");
		List<String> series = new ArrayList<>();
		double maxX = 1;
		double maxY = 60;
		for (Map<String, Object> result : results) {
			for (Map<String, Object> step : (List<Map<String, Object>>) result.getOrDefault("steps", List.of())) {
				maxX = Math.max(maxX, ((Number) step.get("deliveredPerSecond")).doubleValue());
				maxY = Math.max(maxY, Math.min(500, ((Number) step.get("p99Ms")).doubleValue()));
			}
		}
		int width = 900;
		int height = 480;
		int left = 60;
		int bottom = 40;
		double plotW = width - left - 20;
		double plotH = height - bottom - 20;
		StringBuilder svg = new StringBuilder();
		svg.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' font-family='sans-serif' font-size='12'>", width, height));
		for (int i = 0; i <= 5; i++) {
			double y = 20 + plotH - plotH * i / 5;
			svg.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%.1f' y2='%.1f' stroke='#e2e5f0'/>", left, width - 20, y, y));
			svg.append(String.format(Locale.ROOT, "<text x='%d' y='%.1f' text-anchor='end'>%.0f ms</text>", left - 6, y + 4, maxY * i / 5));
			double x = left + plotW * i / 5;
			svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' text-anchor='middle'>%,.0f/s</text>", x, height - 20, maxX * i / 5));
		}
		double limitY = 20 + plotH - plotH * Benchmark.P99_LIMIT_MS / maxY;
		svg.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%.1f' y2='%.1f' stroke='#b91c1c' stroke-dasharray='4 4'/>", left, width - 20, limitY, limitY));
		svg.append(String.format(Locale.ROOT, "<text x='%d' y='%.1f' fill='#b91c1c'>p99 limit 50 ms</text>", width - 140, limitY - 4));
		int colour = 0;
		for (Map<String, Object> result : results) {
			List<Map<String, Object>> steps = (List<Map<String, Object>>) result.getOrDefault("steps", List.of());
			if (steps.isEmpty()) {
				continue;
			}
			String name = result.get("target") + " " + result.get("scenario");
			String c = COLOURS[colour++ % COLOURS.length];
			for (String metric : List.of("p99Ms", "p50Ms")) {
				StringBuilder points = new StringBuilder();
				for (Map<String, Object> step : steps) {
					double x = left + plotW * ((Number) step.get("deliveredPerSecond")).doubleValue() / maxX;
					double y = 20 + plotH - plotH * Math.min(maxY, Math.max(0, ((Number) step.get(metric)).doubleValue())) / maxY;
					points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
					svg.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='3' fill='%s'/>", x, y, c));
				}
				svg.append(String.format(Locale.ROOT, "<polyline points='%s' fill='none' stroke='%s' stroke-width='2'%s/>", points, c,
						metric.equals("p50Ms") ? " stroke-dasharray='6 3' opacity='0.6'" : ""));
			}
			series.add("<li><span style='color:" + c + "'>&#9632;</span> " + HtmlUtils.htmlEscape(name)
					+ " (solid p99, dashed p50)</li>");
		}
		svg.append("</svg>");
		return "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Parley benchmark</title></head>"
				+ "<body style='font-family:sans-serif;max-width:960px;margin:2rem auto'>"
				+ "<h1>Parley benchmark: latency against delivered throughput</h1><p>"
				+ HtmlUtils.htmlEscape(String.valueOf(report.get("machine"))) + "</p>" + svg + "<ul>"
				+ String.join("", series) + "</ul><pre>" + HtmlUtils.htmlEscape(String.valueOf(report.get("results")))
				+ "</pre></body></html>";
	}

}
