package dev.parley.limits;

import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.parley.support.Api;
import dev.parley.support.Chat;
import dev.parley.support.ParleyTest;
import dev.parley.support.StompTestClient;
import dev.parley.support.StompTestClient.Session;
import dev.parley.support.StompTestClient.Subscription;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session's subscriptions are bounded (5 here), and a destination it holds cannot be
 * subscribed again: each refusal is explained, and the session keeps working.
 */
@ParleyTest
@TestPropertySource(properties = "parley.limits.subscriptions-per-session=5")
class SubscriptionLimitTests {

	@LocalServerPort
	int port;

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
