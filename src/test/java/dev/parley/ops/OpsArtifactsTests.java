package dev.parley.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.parley.support.Api;
import dev.parley.support.ParleyTest;
import dev.parley.support.StompTestClient;
import dev.parley.support.StompTestClient.Session;
import dev.parley.support.StompTestClient.Subscription;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The operators' files in {@code ops/}: every metric the Grafana dashboard and the
 * alerting rules query is one a running node exports, and the rules pass
 * {@code promtool check rules} and their unit tests ({@code promtool test rules};
 * Debian's {@code prometheus} package, installed by {@code .ci/run}).
 */
@ParleyTest
@Tag("ops")
class OpsArtifactsTests {

	static final Path DASHBOARD = Path.of("ops/grafana/parley.json");

	static final Path RULES = Path.of("ops/prometheus/parley-alerts.yml");

	/**
	 * Metric names in PromQL: Parley's own and the JVM, pool and process meters it
	 * exports.
	 */
	static final Pattern METRIC = Pattern
		.compile("\\b((?:parley|jvm|hikaricp|process|system|tomcat|http_server|executor)_[a-z0-9_]+)\\b");

	@LocalServerPort
	int port;

	@Test
	void theDashboardAndTheRulesQueryOnlyMetricsTheAppExports() throws IOException {
		exportEverything();
		Api.Response scrape = new Api(this.port).get("/actuator/prometheus", null);
		assertThat(scrape.status()).isEqualTo(200);
		Set<String> exported = new TreeSet<>();
		for (String line : scrape.body().split("\n")) {
			if (!line.startsWith("#") && !line.isBlank()) {
				exported.add(line.split("[{ ]", 2)[0]);
			}
		}

		JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
		List<String> queries = new ArrayList<>();
		dashboard.get("panels")
			.forEach(panel -> panel.get("targets").forEach(t -> queries.add(t.get("expr").asString())));
		assertThat(queries).hasSizeGreaterThan(10);
		for (String line : Files.readAllLines(RULES, StandardCharsets.UTF_8)) {
			if (!line.strip().startsWith("#") && !line.contains("summary:") && !line.contains("description:")) {
				queries.add(line);
			}
		}
		Set<String> queried = new TreeSet<>();
		for (String query : queries) {
			Matcher metric = METRIC.matcher(query);
			while (metric.find()) {
				queried.add(metric.group(1));
			}
		}
		assertThat(queried).contains("parley_messages_received_total", "parley_messages_delivered_total",
				"parley_messages_handling_seconds_bucket", "parley_errors_total", "parley_websocket_sessions",
				"parley_broker_available", "hikaricp_connections_pending", "jvm_memory_used_bytes");
		assertThat(exported).as("exported by a running node").containsAll(queried);
	}

	@Test
	void theAlertingRulesPassPromtoolAndTheirUnitTests() throws Exception {
		assumeTrue(Files.isExecutable(Path.of("/usr/bin/promtool")),
				"promtool is not installed (Debian's prometheus package; .ci/run installs it)");
		assertThat(promtool("check", "rules", "parley-alerts.yml")).contains("SUCCESS");
		assertThat(promtool("test", "rules", "parley-alerts.test.yml")).contains("SUCCESS");
	}

	/** Some traffic, so that the meters registered on first use exist. */
	private void exportEverything() {
		Api api = new Api(this.port);
		String alice = Api.newUser("alice");
		UUID conversation = api.createConversation(alice);
		try (StompTestClient client = StompTestClient.nativeWebSocket(this.port);
				Session session = client.connect(Api.token(alice))) {
			Subscription topic = session.subscribeWithReceipt("/topic/conversation." + conversation);
			topic.receipt().await();
			Subscription errors = session.errors();
			String app = "/app/conversation." + conversation + ".";
			session.sendWithReceipt(app + "send", Map.of("content", "metrics")).await();
			String id = topic.nextJson().get("id").asString();
			session.sendWithReceipt(app + "edit", Map.of("messageId", id, "content", "metrics!")).await();
			session.send(app + "send", Map.of("content", " "));
			assertThat(errors.nextJson().get("code").asString()).isEqualTo("VALIDATION");
		}
	}

	private static String promtool(String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of("promtool"));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).directory(RULES.getParent().toFile())
			.redirectErrorStream(true)
			.start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.exitValue()).as(output).isZero();
		return output;
	}

}
