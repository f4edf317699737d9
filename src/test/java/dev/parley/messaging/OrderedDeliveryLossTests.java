package dev.parley.messaging;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import dev.parley.support.Api;
import dev.parley.support.ParleyTest;
import dev.parley.support.StompTestClient;
import dev.parley.support.StompTestClient.Session;
import dev.parley.support.StompTestClient.Subscription;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reproduces a known loss (docs/guarantees.md, "Known defect"): with {@code preservePublishOrder} on, one live MESSAGE
 * in a few hundred, sent right after a fresh session subscribed, never reaches the socket, although it is stored and
 * its RECEIPT arrives. It fails within ~40 rounds on the 2-core machine; with {@code preservePublishOrder} off, 400
 * rounds pass. Disabled until the cause is found, so that CI stays meaningful; run it by removing {@code @Disabled}.
 */
@ParleyTest
@Disabled("reproduces the known loss of a live frame with preservePublishOrder; see docs/guarantees.md")
class OrderedDeliveryLossTests {

	@LocalServerPort
	int port;

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

}
