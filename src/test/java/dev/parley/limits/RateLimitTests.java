package dev.parley.limits;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.parley.support.Api;
import dev.parley.support.Chat;
import dev.parley.support.ParleyTest;
import dev.parley.support.StompTestClient;
import dev.parley.support.StompTestClient.Session;
import dev.parley.support.StompTestClient.Subscription;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Message limits (test settings: 60 per minute, 8 per second): going over is an error,
 * never a silent drop, and the session keeps working.
 */
@ParleyTest
class RateLimitTests {

	@LocalServerPort
	int port;

	@Test
	void aBurstOverTheLimitIsRefusedWithRateLimitedAndNothingIsDroppedSilently() {
		Chat chat = Chat.create(new Api(this.port), "alice");
		try (StompTestClient client = StompTestClient.nativeWebSocket(this.port);
				Session a = client.connect(chat.member(0).token())) {
			Subscription messages = a.subscribe(chat.topic());
			Subscription errors = a.errors();
			int sent = 20;
			for (int i = 0; i < sent; i++) {
				a.send(chat.sendDestination(), Map.of("content", "m" + i));
			}
			// every message is either delivered or refused with RATE_LIMITED; none
			// vanishes
			java.util.List<String> delivered = new java.util.ArrayList<>();
			int limited = 0;
			long deadline = System.nanoTime() + StompTestClient.TIMEOUT.toNanos();
			while (delivered.size() + limited < sent && System.nanoTime() < deadline) {
				JsonNode message = messages.poll(java.time.Duration.ofMillis(20));
				if (message != null) {
					delivered.add(message.get("content").asString());
				}
				JsonNode error = errors.poll(java.time.Duration.ofMillis(20));
				if (error != null) {
					assertThat(error.get("code").asString()).isEqualTo("RATE_LIMITED");
					assertThat(error.get("message").asString()).contains("too fast");
					limited++;
				}
			}
			assertThat(delivered.size() + limited).isEqualTo(sent);
			// the burst allowance (8) passes in order; a token or two may refill while
			// the burst is handled
			assertThat(delivered).hasSizeBetween(8, 10).startsWith("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7");
			assertThat(limited).isGreaterThanOrEqualTo(10);
			messages.expectNothing();

			org.awaitility.Awaitility.await()
				.atMost(StompTestClient.TIMEOUT)
				.pollInterval(java.time.Duration.ofMillis(200))
				.untilAsserted(() -> {
					a.send(chat.sendDestination(), Map.of("content", "after the burst"));
					assertThat(messages.nextJsonWhere(m -> true).get("content").asString())
						.isEqualTo("after the burst");
				});
		}
	}

	@Test
	void theHttpApiSharesTheLimitAndAnswers429() {
		String alice = Api.newUser("alice");
		Api api = new Api(this.port);
		UUID conversation = api.createConversation(alice);
		for (int i = 0; i < 8; i++) {
			assertThat(api
				.postJson("/api/conversations/" + conversation + "/messages", Api.token(alice),
						Map.of("content", "m" + i))
				.status()).isEqualTo(201);
		}
		// greedy refill may let one more through on a slow machine, but the limit is
		// reached within a few more
		Api.Response refused = null;
		for (int i = 0; i < 10 && refused == null; i++) {
			Api.Response response = api.postJson("/api/conversations/" + conversation + "/messages", Api.token(alice),
					Map.of("content", "extra" + i));
			if (response.status() != 201) {
				refused = response;
			}
		}
		assertThat(refused).isNotNull();
		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.contentType()).startsWith("application/problem+json");
		assertThat(refused.json().get("code").asString()).isEqualTo("RATE_LIMITED");
		assertThat(refused.json().get("detail").asString()).contains("too fast");
	}

}
