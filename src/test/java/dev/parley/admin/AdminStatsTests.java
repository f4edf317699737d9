package dev.parley.admin;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.parley.stomp.Destinations;
import dev.parley.support.Api;
import dev.parley.support.ParleyTest;
import dev.parley.support.StompTestClient;
import dev.parley.support.StompTestClient.Session;
import dev.parley.support.StompTestClient.Subscription;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The figures an admin gets once a second on the embedded default: they describe this
 * node and move with the traffic (messages accepted, the busiest conversation, handling
 * latency, errors by code, sessions and users online).
 */
@ParleyTest
class AdminStatsTests {

	static final Duration WITHIN = Duration.ofSeconds(15);

	@LocalServerPort
	int port;

	@Test
	void anAdminSeesTheFiguresMoveWithTraffic() {
		String alice = Api.newUser("alice");
		UUID conversation = new Api(this.port).createConversation(alice);
		try (StompTestClient client = StompTestClient.nativeWebSocket(this.port);
				Session admin = client.connect(Api.token(Api.newUser("admin"), "ADMIN"));
				Session sender = client.connect(Api.token(alice))) {
			Subscription stats = admin.subscribe(Destinations.ADMIN_STATS);
			JsonNode before = stats.nextJson();
			assertThat(before.get("type").asString()).isEqualTo("admin-stats");
			assertThat(before.get("node").asString()).isNotBlank();
			assertThat(before.get("brokerMode").asString()).isEqualTo("simple");
			assertThat(before.get("broker").asString()).isEqualTo("UP");
			assertThat(before.get("sessions").asInt()).isGreaterThanOrEqualTo(2);
			assertThat(before.get("usersOnline").asInt()).isGreaterThanOrEqualTo(2);
			long received = before.get("received").asLong();

			for (int i = 0; i < 3; i++) {
				sender.sendWithReceipt("/app/conversation." + conversation + ".send", Map.of("content", "m" + i))
					.await();
			}
			// a refusal, counted by code
			sender.sendWithReceipt("/app/conversation." + conversation + ".send", Map.of("content", " "));

			JsonNode busy = stats.nextJsonWhere(s -> s.get("busiest")
				.valueStream()
				.anyMatch(b -> b.get("conversation").asString().equals(conversation.toString())
						&& b.get("messages").asLong() == 3),
					WITHIN);
			assertThat(busy.get("received").asLong()).isGreaterThanOrEqualTo(received + 3);
			assertThat(busy.get("node").asString()).isEqualTo(before.get("node").asString());
			// the interval that took the messages has their handling time and a rate
			JsonNode moving = stats.nextJsonWhere(s -> s.get("errors").has("VALIDATION"), WITHIN);
			assertThat(moving.get("errors").get("VALIDATION").asLong()).isPositive();
			assertThat(stats.nextJsonWhere(s -> s.get("database").asString().equals("UP"), WITHIN)).isNotNull();
			// counted from presence's tables every few seconds: alice and the admin at
			// least
			assertThat(stats
				.nextJsonWhere(s -> s.has("usersOnlineInCluster") && s.get("usersOnlineInCluster").asInt() >= 2, WITHIN)
				.get("usersOnlineInCluster")
				.asInt()).isGreaterThanOrEqualTo(2);
		}
	}

	@Test
	void theIntervalThatTookMessagesHasTheirRateAndLatency() {
		String alice = Api.newUser("alice");
		UUID conversation = new Api(this.port).createConversation(alice);
		try (StompTestClient client = StompTestClient.nativeWebSocket(this.port);
				Session admin = client.connect(Api.token(Api.newUser("admin"), "ADMIN"));
				Session sender = client.connect(Api.token(alice))) {
			Subscription stats = admin.subscribe(Destinations.ADMIN_STATS);
			stats.nextJson();
			sender.sendWithReceipt("/app/conversation." + conversation + ".send", Map.of("content", "timed")).await();
			JsonNode timed = stats.nextJsonWhere(s -> s.get("receivedPerSecond").asDouble() > 0, WITHIN);
			assertThat(timed.get("handlingP50Ms").isNumber()).isTrue();
			assertThat(timed.get("handlingP99Ms").asDouble())
				.isGreaterThanOrEqualTo(timed.get("handlingP50Ms").asDouble())
				.isPositive();
			// a quiet second has no latency to report: the fields are left out
			JsonNode quiet = stats.nextJsonWhere(s -> s.get("receivedPerSecond").asDouble() == 0, WITHIN);
			assertThat(quiet.has("handlingP50Ms")).isFalse();
			assertThat(quiet.has("handlingP99Ms")).isFalse();
		}
	}

}
