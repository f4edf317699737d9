package dev.parley.messaging;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.parley.support.Api;
import dev.parley.support.MessageRecovery;
import dev.parley.support.ParleyTest;
import dev.parley.support.StompTestClient;
import dev.parley.support.StompTestClient.Session;
import dev.parley.support.StompTestClient.Subscription;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that was away recovers exactly the messages it missed, in order, and then follows live: subscribe first,
 * buffer, fetch after its last seq, merge by seq.
 */
@ParleyTest
class ReconnectRecoveryTests {

	@LocalServerPort
	int port;

	@Test
	void aReconnectingClientRecoversExactlyTheMissedMessagesInOrder() {
		String alice = Api.newUser("alice");
		String bob = Api.newUser("bob");
		// a second writer, so that nobody goes over the test profile's 8 messages per second
		String carol = Api.newUser("carol");
		Api api = new Api(this.port);
		UUID conversation = api.createConversation(alice, bob, carol);
		String send = "/app/conversation." + conversation + ".send";
		try (StompTestClient client = StompTestClient.nativeWebSocket(this.port);
				Session writer = client.connect(Api.token(alice));
				Session lateWriter = client.connect(Api.token(carol))) {
			long lastSeen;
			try (Session reader = client.connect(Api.token(bob))) {
				Subscription live = reader.subscribe("/topic/conversation." + conversation);
				writer.sendWithReceipt(send, Map.of("content", "seen 1")).await();
				writer.sendWithReceipt(send, Map.of("content", "seen 2")).await();
				live.nextJson();
				lastSeen = live.nextJson().get("seq").asLong();
			}
			for (int i = 1; i <= 5; i++) {
				writer.sendWithReceipt(send, Map.of("content", "missed " + i)).await();
			}

			try (Session reader = client.connect(Api.token(bob))) {
				MessageRecovery recovery = new MessageRecovery(after -> api.get(
						"/api/conversations/" + conversation + "/messages?after=" + after + "&limit=500",
						Api.token(bob)).json(), lastSeen);
				Subscription live = reader.subscribe("/topic/conversation." + conversation);
				// a message published while we fetch: it must appear once, after the missed ones
				lateWriter.sendWithReceipt(send, Map.of("content", "during recovery")).await();
				recovery.sync();
				recovery.live(live.nextJson());
				lateWriter.sendWithReceipt(send, Map.of("content", "live")).await();
				recovery.live(live.nextJson());

				assertThat(recovery.delivered().stream().map(m -> m.get("content").asString()))
					.containsExactly("missed 1", "missed 2", "missed 3", "missed 4", "missed 5", "during recovery",
							"live");
				assertThat(recovery.delivered().stream().map(m -> m.get("seq").asLong()))
					.containsExactly(3L, 4L, 5L, 6L, 7L, 8L, 9L);
			}
		}
	}

}
