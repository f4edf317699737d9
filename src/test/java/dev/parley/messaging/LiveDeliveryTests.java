package dev.parley.messaging;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.parley.support.Api;
import dev.parley.support.ParleyTest;
import dev.parley.support.StompTestClient;
import dev.parley.support.StompTestClient.Session;
import dev.parley.support.StompTestClient.Subscription;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.simp.SimpMessagingTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every live frame reaches a connected subscriber, in order. With Spring's {@code preservePublishOrder} one MESSAGE or
 * RECEIPT in a few hundred, sent right after a fresh session subscribed, never arrived (its session was sometimes
 * closed): the first test failed within ~40 rounds. Parley orders outbound frames per session itself
 * ({@code SessionOrderedExecutor}); the second test checks that order still holds without Spring's option (with
 * the outbound channel's plain pool instead, frames of a burst overtake each other).
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
				String alice = Api.newUser("alice");
				UUID conversation = api.createConversation(alice);
				try (Session session = client.connect(Api.token(alice))) {
					Subscription messages = session.subscribe("/topic/conversation." + conversation);
					session.errors();
					for (int i = 1; i <= 3; i++) {
						session.sendWithReceipt("/app/conversation." + conversation + ".send", Map.of("content", "m" + i))
							.await();
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
		String alice = Api.newUser("alice");
		UUID conversation = new Api(this.port).createConversation(alice);
		try (StompTestClient client = StompTestClient.nativeWebSocket(this.port);
				Session session = client.connect(Api.token(alice))) {
			Subscription messages = session.subscribe("/topic/conversation." + conversation);
			// straight to the broker, as the message writer publishes: no rate limit, one thread, in order
			for (int i = 1; i <= 1000; i++) {
				this.messaging.convertAndSend("/topic/conversation." + conversation, (Object) Map.of("seq", i));
			}
			for (int i = 1; i <= 1000; i++) {
				assertThat(messages.nextJson().get("seq").asLong()).isEqualTo(i);
			}
		}
	}

}
