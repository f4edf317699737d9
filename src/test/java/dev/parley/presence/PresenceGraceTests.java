package dev.parley.presence;

import org.junit.jupiter.api.Test;

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
 * A reconnect within the offline grace (a page reload) announces nothing; the grace here
 * is long enough that the outcome does not depend on the machine's speed.
 */
@ParleyTest
@TestPropertySource(properties = "parley.presence.offline-grace=3s")
class PresenceGraceTests {

	@LocalServerPort
	int port;

	@Test
	void aReconnectWithinTheGraceAnnouncesNothingAndLeavingForGoodDoes() {
		Chat chat = Chat.create(new Api(this.port), "alice", "bob");
		String alice = chat.member(0).name();
		try (StompTestClient client = StompTestClient.nativeWebSocket(this.port);
				Session b = client.connect(chat.member(1).token())) {
			Subscription presence = b.subscribe(chat.topic() + ".presence");
			Session first = client.connect(chat.member(0).token());
			assertThat(presence.nextJson().get("status").asString()).isEqualTo("online");

			first.close();
			Session reloaded = client.connect(chat.member(0).token());
			presence.expectNothing();

			long closedAt = System.nanoTime();
			reloaded.close();
			var offline = presence.nextJson();
			assertThat(offline.get("user").asString()).isEqualTo(alice);
			assertThat(offline.get("status").asString()).isEqualTo("offline");
			assertThat(System.nanoTime() - closedAt).isGreaterThanOrEqualTo(2_500_000_000L);
		}
	}

}
