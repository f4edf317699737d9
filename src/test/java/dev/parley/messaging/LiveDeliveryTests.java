package dev.parley.messaging;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.parley.support.Api;
import dev.parley.support.Chat;
import dev.parley.support.ParleyTest;
import dev.parley.support.StompTestClient;
import dev.parley.support.StompTestClient.Session;
import dev.parley.support.StompTestClient.Subscription;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.simp.SimpMessagingTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every live frame reaches a connected subscriber, in order. With Spring's
 * {@code preservePublishOrder} one MESSAGE or RECEIPT in a few hundred, sent right after
 * a fresh session subscribed, never arrived (its session was sometimes closed): the first
 * test failed within ~40 rounds. Parley orders outbound frames per session itself
 * ({@code SessionOrderedExecutor}); the second test checks that order still holds without
 * Spring's option (with the outbound channel's plain pool instead, frames of a burst
 * overtake each other).
 */
@ParleyTest
class LiveDeliveryTests {

	@LocalServerPort
	int port;

	@Autowired
	SimpMessagingTemplate messaging;

	@Test
	void everyLiveMessageReachesAFreshSubscriber() {
		Api api = new Api(this.port);
		try (StompTestClient client = StompTestClient.nativeWebSocket(this.port)) {
			for (int round = 0; round < 400; round++) {
				Chat chat = Chat.create(api, "alice");
				try (Session session = client.connect(chat.member(0).token())) {
					Subscription messages = session.subscribe(chat.topic());
					session.errors();
					for (int i = 1; i <= 3; i++) {
						session.sendWithReceipt(chat.sendDestination(), Map.of("content", "m" + i)).await();
						try {
							assertThat(messages.nextJson().get("seq").asLong()).isEqualTo(i);
						}
						catch (AssertionError ex) {
							throw new AssertionError("round " + round + ", message " + i + " not delivered live", ex);
						}
					}
				}
			}
		}
	}

	@Test
	void framesPublishedInABurstArriveInPublishOrder() {
		Chat chat = Chat.create(new Api(this.port), "alice");
		try (StompTestClient client = StompTestClient.nativeWebSocket(this.port);
				Session session = client.connect(chat.member(0).token())) {
			Subscription messages = session.subscribe(chat.topic());
			// straight to the broker, as the message writer publishes: no rate limit, one
			// thread, in order
			for (int i = 1; i <= 1000; i++) {
				this.messaging.convertAndSend(chat.topic(), (Object) Map.of("seq", i));
			}
			for (int i = 1; i <= 1000; i++) {
				assertThat(messages.nextJson().get("seq").asLong()).isEqualTo(i);
			}
		}
	}

}
