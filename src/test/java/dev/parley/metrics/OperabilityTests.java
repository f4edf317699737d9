package dev.parley.metrics;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.parley.support.Api;
import dev.parley.support.Chat;
import dev.parley.support.ParleyTest;
import dev.parley.support.StompTestClient;
import dev.parley.support.StompTestClient.Session;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Health probes and the Prometheus endpoint with Parley's meters.
 */
@ParleyTest
class OperabilityTests {

	@LocalServerPort
	int port;

	@Test
	void healthAndProbesAreUp() {
		Api api = new Api(this.port);
		assertThat(api.get("/actuator/health", null).json().get("status").asString()).isEqualTo("UP");
		assertThat(api.get("/actuator/health/liveness", null).json().get("status").asString()).isEqualTo("UP");
		assertThat(api.get("/actuator/health/readiness", null).json().get("status").asString()).isEqualTo("UP");
		assertThat(api.get("/actuator/metrics", null).status()).isEqualTo(401);
	}

	@Test
	void prometheusShowsSessionsMessagesErrorsAndLatency() {
		Api api = new Api(this.port);
		Chat chat = Chat.create(api, "alice");
		double receivedBefore = value(api,
				"parley_messages_received_total{application=\"parley\",transport=\"stomp\"}");
		double validationBefore = value(api, "parley_errors_total{application=\"parley\",code=\"VALIDATION\"}");
		try (StompTestClient client = StompTestClient.nativeWebSocket(this.port);
				Session session = client.connect(chat.member(0).token())) {
			var messages = session.subscribe(chat.topic());
			var errors = session.errors();
			session.send(chat.sendDestination(), Map.of("content", "counted"));
			messages.nextJson();
			session.send(chat.sendDestination(), Map.of("content", ""));
			errors.nextJson();

			String metrics = api.get("/actuator/prometheus", null).body();
			assertThat(value(metrics, "parley_messages_received_total{application=\"parley\",transport=\"stomp\"}"))
				.isEqualTo(receivedBefore + 1);
			assertThat(value(metrics, "parley_errors_total{application=\"parley\",code=\"VALIDATION\"}"))
				.isEqualTo(validationBefore + 1);
			assertThat(value(metrics, "parley_messages_delivered_total{application=\"parley\"}"))
				.isGreaterThanOrEqualTo(1);
			assertThat(value(metrics, "parley_websocket_sessions{application=\"parley\",transport=\"websocket\"}"))
				.isGreaterThanOrEqualTo(1);
			assertThat(metrics).contains("parley_messages_handling_seconds_count").contains("parley_stomp_frames");
			// HTTP requests are timed, the WebSocket handshake is not (its cost in a
			// reconnect storm)
			assertThat(metrics).containsPattern("http_server_requests_seconds_count\\{[^}]*uri=\"/api/conversations\"")
				.doesNotContainPattern("http_server_requests_seconds_count\\{[^}]*uri=\"/ws\"");
		}
	}

	private static double value(Api api, String series) {
		return value(api.get("/actuator/prometheus", null).body(), series);
	}

	private static double value(String metrics, String series) {
		return metrics.lines()
			.filter(line -> line.startsWith(series + " "))
			.mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
			.findFirst()
			.orElse(0);
	}

}
