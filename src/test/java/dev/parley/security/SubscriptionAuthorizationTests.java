package dev.parley.security;

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

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Only members subscribe to a conversation's destinations; patterns, other sessions'
 * queues and unknown destinations are refused, and the refused session keeps working.
 */
@ParleyTest
class SubscriptionAuthorizationTests {

	@LocalServerPort
	int port;

	StompTestClient client;

	String alice;

	String mallory;

	UUID conversation;

	@BeforeEach
	void setUp() {
		this.client = StompTestClient.nativeWebSocket(this.port);
		this.alice = Api.newUser("alice");
		this.mallory = Api.newUser("mallory");
		this.conversation = new Api(this.port).createConversation(this.alice);
	}

	@AfterEach
	void tearDown() {
		this.client.close();
	}

	@Test
	void nonMembersCannotSubscribeToAnyOfAConversationsDestinations() {
		try (Session a = this.client.connect(Api.token(this.alice));
				Session m = this.client.connect(Api.token(this.mallory))) {
			Subscription errors = m.errors();
			String base = "/topic/conversation." + this.conversation;
			Subscription[] spies = { m.subscribeAsync(base), m.subscribeAsync(base + ".typing"),
					m.subscribeAsync(base + ".presence"),
					m.subscribeAsync("/app/conversation." + this.conversation + ".presence") };
			for (int i = 0; i < spies.length; i++) {
				JsonNode error = errors.nextJson();
				assertThat(error.get("code").asString()).isEqualTo("FORBIDDEN");
				assertThat(error.get("message").asString()).contains("not a member");
			}
			a.sendWithReceipt("/app/conversation." + this.conversation + ".send", Map.of("content", "secret")).await();
			a.sendWithReceipt("/app/conversation." + this.conversation + ".typing", Map.of("typing", true)).await();
			for (Subscription spy : spies) {
				spy.expectNothing();
			}
		}
	}

	@Test
	void wildcardAndPatternSubscriptionsAreRefused() {
		try (Session a = this.client.connect(Api.token(this.alice));
				Session m = this.client.connect(Api.token(this.mallory))) {
			Subscription errors = m.errors();
			String[] patterns = { "/topic/conversation.*", "/topic/conversation.#", "/topic/#", "/topic/>",
					"/topic/conversation." + this.conversation + ".*", "/topic/**", "/queue/*",
					"/topic/conversation.?" };
			Subscription[] spies = new Subscription[patterns.length];
			for (int i = 0; i < patterns.length; i++) {
				spies[i] = m.subscribeAsync(patterns[i]);
				JsonNode error = errors.nextJson();
				assertThat(error.get("code").asString()).as(patterns[i]).isEqualTo("FORBIDDEN");
				assertThat(error.get("destination").asString()).isEqualTo(patterns[i]);
			}
			a.sendWithReceipt("/app/conversation." + this.conversation + ".send", Map.of("content", "secret")).await();
			for (Subscription spy : spies) {
				spy.expectNothing();
			}
		}
	}

	@Test
	void anotherSessionsPrivateQueueAndUnknownDestinationsAreRefused() {
		try (Session a = this.client.connect(Api.token(this.alice));
				Session m = this.client.connect(Api.token(this.mallory))) {
			Subscription errors = m.errors();
			String[] destinations = { "/queue/errors-user" + a.sessionId(), "/user/" + this.alice + "/queue/errors",
					"/user/queue/secrets", "/topic/anything", "/topic/conversation." + UUID.randomUUID(),
					"/topic/conversation.not-a-uuid", "/app/unknown" };
			for (String destination : destinations) {
				m.subscribeAsync(destination);
				JsonNode error = errors.nextJson();
				assertThat(error.get("code").asString()).as(destination).isIn("NOT_FOUND", "FORBIDDEN");
			}
			Subscription aliceErrors = a.errors();
			a.sendWithReceipt("/app/conversation." + UUID.randomUUID() + ".send", Map.of("content", "x"));
			assertThat(aliceErrors.nextJson().get("code").asString()).isEqualTo("NOT_FOUND");
			errors.expectNothing();
		}
	}

	@Test
	void membersSubscribeToAllOfTheirConversationsDestinations() {
		try (Session a = this.client.connect(Api.token(this.alice))) {
			String base = "/topic/conversation." + this.conversation;
			Subscription messages = a.subscribe(base);
			Subscription typing = a.subscribe(base + ".typing");
			a.subscribe(base + ".presence");
			a.subscribe("/user/queue/notifications");
			a.subscribe("/user/queue/files");
			a.send("/app/conversation." + this.conversation + ".send", Map.of("content", "ok"));
			a.send("/app/conversation." + this.conversation + ".typing", Map.of("typing", true));
			assertThat(messages.nextJson().get("content").asString()).isEqualTo("ok");
			assertThat(typing.nextJson().get("typing").asBoolean()).isTrue();
		}
	}

}
