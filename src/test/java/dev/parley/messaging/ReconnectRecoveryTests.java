package dev.parley.messaging;

import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.parley.support.Api;
import dev.parley.support.Chat;
import dev.parley.support.Chat.Member;
import dev.parley.support.MessageRecovery;
import dev.parley.support.ParleyTest;
import dev.parley.support.StompTestClient;
import dev.parley.support.StompTestClient.Session;
import dev.parley.support.StompTestClient.Subscription;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that was away recovers exactly the messages it missed, in order, and then
 * follows live: subscribe first, buffer, fetch after its last seq, merge by seq.
 */
@ParleyTest
class ReconnectRecoveryTests {

	@LocalServerPort
	int port;

	@Test
	void aReconnectingClientRecoversExactlyTheMissedMessagesInOrder() {
		Api api = new Api(this.port);
		// carol: a second writer, so that nobody goes over the test profile's 8 messages
		// per second
		Chat chat = Chat.create(api, "alice", "bob", "carol");
		Member bob = chat.member(1);
		String send = chat.sendDestination();
		try (StompTestClient client = StompTestClient.nativeWebSocket(this.port);
				Session writer = client.connect(chat.member(0).token());
				Session lateWriter = client.connect(chat.member(2).token())) {
			long lastSeen;
			try (Session reader = client.connect(bob.token())) {
				Subscription live = reader.subscribe(chat.topic());
				writer.sendWithReceipt(send, Map.of("content", "seen 1")).await();
				writer.sendWithReceipt(send, Map.of("content", "seen 2")).await();
				live.nextJson();
				lastSeen = live.nextJson().get("seq").asLong();
			}
			for (int i = 1; i <= 5; i++) {
				writer.sendWithReceipt(send, Map.of("content", "missed " + i)).await();
			}

			try (Session reader = client.connect(bob.token())) {
				MessageRecovery recovery = new MessageRecovery(
						after -> api.get(chat.messagesPath() + "?after=" + after + "&limit=500", bob.token()).json(),
						lastSeen);
				Subscription live = reader.subscribe(chat.topic());
				// a message published while we fetch: it must appear once, after the
				// missed ones
				lateWriter.sendWithReceipt(send, Map.of("content", "during recovery")).await();
				recovery.sync();
				recovery.live(live.nextJson());
				lateWriter.sendWithReceipt(send, Map.of("content", "live")).await();
				recovery.live(live.nextJson());

				assertThat(recovery.delivered().stream().map(m -> m.get("content").asString())).containsExactly(
						"missed 1", "missed 2", "missed 3", "missed 4", "missed 5", "during recovery", "live");
				assertThat(recovery.delivered().stream().map(m -> m.get("seq").asLong())).containsExactly(3L, 4L, 5L,
						6L, 7L, 8L, 9L);
			}
		}
	}

}
