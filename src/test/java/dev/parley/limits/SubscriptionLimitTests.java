package dev.parley.limits;

import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.parley.support.Api;
import dev.parley.support.Chat;
import dev.parley.support.ParleyTest;
import dev.parley.support.StompTestClient;
import dev.parley.support.StompTestClient.Session;
import dev.parley.support.StompTestClient.Subscription;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A session's subscriptions are bounded (5 here), and a destination it holds cannot be
 * subscribed again: each refusal is explained, and the session keeps working. The gauges
 * count what sessions hold.
 */
@ParleyTest
@TestPropertySource(properties = "parley.limits.subscriptions-per-session=5")
class SubscriptionLimitTests {

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry registry;

	@Test
	void aSecondSubscriptionToTheSameDestinationIsRefusedAndDeliveriesAreNotMultiplied() {
		Chat chat = Chat.create(new Api(this.port), "alice");
		try (StompTestClient client = StompTestClient.nativeWebSocket(this.port);
				Session alice = client.connect(chat.member(0).token())) {
			Subscription errors = alice.errors();
			Subscription messages = alice.subscribe(chat.topic());
			Subscription again = alice.subscribeWithReceipt(chat.topic());
			JsonNode refused = errors.nextJson();
			assertThat(refused.get("code").asString()).isEqualTo("BAD_REQUEST");
			assertThat(refused.get("message").asString())
				.isEqualTo("Already subscribed to " + chat.topic() + " in this session");
			assertThat(refused.get("receiptId").asString()).isEqualTo(again.receipt().id());

			alice.sendWithReceipt(chat.sendDestination(), Map.of("content", "once")).await();
			assertThat(messages.nextJson().get("content").asString()).isEqualTo("once");
			messages.expectNothing();
			again.expectNothing();
		}
	}

	@Test
	void theSubscriptionsGaugeCountsWhatSessionsHoldUntilTheyUnsubscribeOrLeave() {
		Chat chat = Chat.create(new Api(this.port), "carol");
		await().atMost(Duration.ofSeconds(10)).until(() -> gauge("parley.subscriptions") == 0);
		try (StompTestClient client = StompTestClient.nativeWebSocket(this.port)) {
			Session carol = client.connect(chat.member(0).token());
			carol.subscribe(chat.topic());
			Subscription typing = carol.subscribe(chat.topic() + ".typing");
			carol.subscribe("/user/queue/errors");
			assertThat(gauge("parley.subscriptions")).isEqualTo(3);
			assertThat(gauge("parley.subscriptions.sessions")).isEqualTo(1);
			typing.unsubscribe();
			await().atMost(Duration.ofSeconds(10)).until(() -> gauge("parley.subscriptions") == 2);
			carol.close();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> gauge("parley.subscriptions") == 0 && gauge("parley.subscriptions.sessions") == 0);
		}
	}

	private double gauge(String name) {
		return this.registry.get(name).gauge().value();
	}

	@Test
	void aSessionHoldsAtMostItsBoundOfSubscriptionsAndMayFreeOne() {
		Chat chat = Chat.create(new Api(this.port), "bob");
		try (StompTestClient client = StompTestClient.nativeWebSocket(this.port);
				Session bob = client.connect(chat.member(0).token())) {
			Subscription errors = bob.errors();
			Subscription messages = bob.subscribe(chat.topic());
			bob.subscribe(chat.topic() + ".typing");
			bob.subscribe(chat.topic() + ".presence");
			Subscription notifications = bob.subscribe("/user/queue/notifications");
			Subscription sixth = bob.subscribeWithReceipt("/user/queue/files");
			JsonNode refused = errors.nextJson();
			assertThat(refused.get("code").asString()).isEqualTo("RATE_LIMITED");
			assertThat(refused.get("message").asString())
				.isEqualTo("Too many subscriptions: this session holds 5 (limit 5)");
			assertThat(refused.get("receiptId").asString()).isEqualTo(sixth.receipt().id());

			notifications.unsubscribe();
			bob.subscribe("/user/queue/files");
			bob.sendWithReceipt(chat.sendDestination(), Map.of("content", "still here")).await();
			assertThat(messages.nextJson().get("content").asString()).isEqualTo("still here");
			errors.expectNothing();
		}
	}

}
