package dev.parley.typing;

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
 * Typing indicators (test settings: ttl 1 s, throttle 400 ms).
 */
@ParleyTest
class TypingTests {

	@LocalServerPort
	int port;

	StompTestClient client;

	String alice;

	String bob;

	UUID conversation;

	@BeforeEach
	void setUp() {
		this.client = StompTestClient.nativeWebSocket(this.port);
		this.alice = Api.newUser("alice");
		this.bob = Api.newUser("bob");
		this.conversation = new Api(this.port).createConversation(this.alice, this.bob);
	}

	@AfterEach
	void tearDown() {
		this.client.close();
	}

	String typing() {
		return "/app/conversation." + this.conversation + ".typing";
	}

	@Test
	void typingIsBroadcastAndStopsExplicitly() {
		try (Session a = this.client.connect(Api.token(this.alice));
				Session b = this.client.connect(Api.token(this.bob))) {
			Subscription atBob = b.subscribe("/topic/conversation." + this.conversation + ".typing");
			a.sendWithReceipt(typing(), Map.of("typing", true)).await();
			JsonNode started = atBob.nextJson();
			assertThat(started.get("type").asString()).isEqualTo("typing");
			assertThat(started.get("conversationId").asString()).isEqualTo(this.conversation.toString());
			assertThat(started.get("user").asString()).isEqualTo(this.alice);
			assertThat(started.get("typing").asBoolean()).isTrue();

			a.send(typing(), Map.of("typing", false));
			assertThat(atBob.nextJson().get("typing").asBoolean()).isFalse();
			atBob.expectNothing();
		}
	}

	@Test
	void repeatsAreThrottled() {
		try (Session a = this.client.connect(Api.token(this.alice));
				Session b = this.client.connect(Api.token(this.bob))) {
			Subscription atBob = b.subscribe("/topic/conversation." + this.conversation + ".typing");
			for (int i = 0; i < 5; i++) {
				a.sendWithReceipt(typing(), Map.of("typing", true)).await();
			}
			assertThat(atBob.nextJson().get("typing").asBoolean()).isTrue();
			atBob.expectNothing();
			a.send(typing(), Map.of("typing", false));
			assertThat(atBob.nextJson().get("typing").asBoolean()).isFalse();
		}
	}

	@Test
	void theServerStopsATyperWhoGoesQuiet() {
		try (Session a = this.client.connect(Api.token(this.alice));
				Session b = this.client.connect(Api.token(this.bob))) {
			Subscription atBob = b.subscribe("/topic/conversation." + this.conversation + ".typing");
			long start = System.nanoTime();
			a.send(typing(), Map.of("typing", true));
			assertThat(atBob.nextJson().get("typing").asBoolean()).isTrue();
			JsonNode stopped = atBob.nextJson();
			assertThat(stopped.get("typing").asBoolean()).isFalse();
			assertThat(stopped.get("user").asString()).isEqualTo(this.alice);
			assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(900_000_000L);
			assertThat(a.isConnected()).isTrue();
		}
	}

	@Test
	void theServerStopsATyperWhoDisconnects() {
		try (Session b = this.client.connect(Api.token(this.bob))) {
			Subscription atBob = b.subscribe("/topic/conversation." + this.conversation + ".typing");
			Session a = this.client.connect(Api.token(this.alice));
			a.sendWithReceipt(typing(), Map.of("typing", true)).await();
			assertThat(atBob.nextJson().get("typing").asBoolean()).isTrue();
			a.close();
			JsonNode stopped = atBob.nextJson();
			assertThat(stopped.get("typing").asBoolean()).isFalse();
		}
	}

	@Test
	void aBadTypingPayloadIsAValidationError() {
		try (Session a = this.client.connect(Api.token(this.alice))) {
			Subscription errors = a.errors();
			a.send(typing(), Map.of("typing", "maybe"));
			assertThat(errors.nextJson().get("code").asString()).isIn("BAD_REQUEST", "VALIDATION");
			a.send(typing(), Map.of());
			assertThat(errors.nextJson().get("code").asString()).isEqualTo("VALIDATION");
			a.sendWithReceipt(typing(), Map.of("typing", true)).await();
		}
	}

}
