package dev.parley.presence;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.parley.support.Api;
import dev.parley.support.ParleyTest;
import dev.parley.support.StompTestClient;
import dev.parley.support.StompTestClient.Session;
import dev.parley.support.StompTestClient.Subscription;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Presence (test setting: offline grace 300 ms).
 */
@ParleyTest
class PresenceTests {

	@LocalServerPort
	int port;

	@Autowired
	PresenceStore store;

	@Autowired
	PresenceFigures figures;

	StompTestClient client;

	Api api;

	String alice;

	String bob;

	UUID conversation;

	@BeforeEach
	void setUp() {
		this.client = StompTestClient.nativeWebSocket(this.port);
		this.api = new Api(this.port);
		this.alice = Api.newUser("alice");
		this.bob = Api.newUser("bob");
		this.conversation = this.api.createConversation(this.alice, this.bob);
	}

	@AfterEach
	void tearDown() {
		this.client.close();
	}

	Subscription watch(Session session) {
		return session.subscribe("/topic/conversation." + this.conversation + ".presence");
	}

	static void assertPresence(JsonNode event, String user, String status) {
		assertThat(event.get("type").asString()).isEqualTo("presence");
		assertThat(event.get("user").asString()).isEqualTo(user);
		assertThat(event.get("status").asString()).isEqualTo(status);
		assertThat(event.get("at").asString()).isNotBlank();
	}

	@Test
	void severalSessionsCountAsOneAndTheLastOneEndingMeansOffline() {
		try (Session b = this.client.connect(Api.token(this.bob))) {
			Subscription presence = watch(b);
			Session tab1 = this.client.connect(Api.token(this.alice));
			assertPresence(presence.nextJson(), this.alice, "online");
			Session tab2 = this.client.connect(Api.token(this.alice));
			tab1.close();
			presence.expectNothing();
			tab2.close();
			assertPresence(presence.nextJson(), this.alice, "offline");
		}
	}

	/**
	 * The admin view's cluster-wide count: a user with sessions on two nodes is one user
	 * online. Retried as a whole, as other tests' users may go offline meanwhile.
	 */
	@Test
	void aUserOnTwoNodesIsOneUserOnlineInTheCluster() {
		String carol = Api.newUser("carol");
		Instant now = Instant.now();
		this.store.userArrived("node-x", carol, now);
		try {
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				int before = this.figures.usersOnlineInCluster();
				this.store.userArrived("node-y", carol, now);
				int after = this.figures.usersOnlineInCluster();
				this.store.userLeft("node-y", carol, now);
				assertThat(after).isEqualTo(before).isPositive();
			});
		}
		finally {
			this.store.userLeft("node-x", carol, now);
		}
	}

	@Test
	void awayAndBackAreAnnounced() {
		try (Session b = this.client.connect(Api.token(this.bob));
				Session a = this.client.connect(Api.token(this.alice))) {
			Subscription presence = watch(b);
			a.sendWithReceipt("/app/presence", Map.of("status", "away")).await();
			assertPresence(presence.nextJson(), this.alice, "away");
			a.sendWithReceipt("/app/presence", Map.of("status", "away")).await();
			presence.expectNothing();
			a.sendWithReceipt("/app/presence", Map.of("status", "online")).await();
			assertPresence(presence.nextJson(), this.alice, "online");
		}
	}

	@Test
	void anInvalidStatusIsAValidationError() {
		try (Session a = this.client.connect(Api.token(this.alice))) {
			Subscription errors = a.errors();
			a.send("/app/presence", Map.of("status", "offline"));
			assertThat(errors.nextJson().get("code").asString()).isEqualTo("VALIDATION");
			a.send("/app/presence", Map.of("status", "dancing"));
			assertThat(errors.nextJson().get("code").asString()).isEqualTo("VALIDATION");
		}
	}

	@Test
	void subscribingToTheAppDestinationReturnsASnapshot() {
		String carol = Api.newUser("carol");
		UUID trio = this.api.createConversation(this.alice, this.bob, carol);
		try (Session a = this.client.connect(Api.token(this.alice));
				Session b = this.client.connect(Api.token(this.bob))) {
			b.sendWithReceipt("/app/presence", Map.of("status", "away")).await();
			JsonNode snapshot = a.subscribe("/app/conversation." + trio + ".presence").nextJson();
			assertThat(snapshot.get("type").asString()).isEqualTo("presence-snapshot");
			assertThat(snapshot.get("conversationId").asString()).isEqualTo(trio.toString());
			Map<String, String> statuses = new java.util.TreeMap<>();
			snapshot.get("members").forEach(m -> statuses.put(m.get("user").asString(), m.get("status").asString()));
			assertThat(statuses)
				.containsExactlyInAnyOrderEntriesOf(Map.of(this.alice, "online", this.bob, "away", carol, "offline"));
		}
	}

	@Test
	void presenceGoesToEveryConversationOfTheUser() {
		UUID other = this.api.createConversation(this.bob, this.alice);
		try (Session b = this.client.connect(Api.token(this.bob))) {
			Subscription first = watch(b);
			Subscription second = b.subscribe("/topic/conversation." + other + ".presence");
			try (Session a = this.client.connect(Api.token(this.alice))) {
				assertPresence(first.nextJson(), this.alice, "online");
				assertPresence(second.nextJson(), this.alice, "online");
			}
		}
	}

}
