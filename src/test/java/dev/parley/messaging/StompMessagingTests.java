package dev.parley.messaging;

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
 * The chat contract over a real socket to {@code /ws}: delivery, payload shape, receipts
 * and the errors of a SEND.
 */
@ParleyTest
class StompMessagingTests {

	@LocalServerPort
	int port;

	StompTestClient client;

	Api api;

	String alice;

	String bob;

	String mallory;

	UUID conversation;

	@BeforeEach
	void setUp() {
		this.client = StompTestClient.nativeWebSocket(this.port);
		this.api = new Api(this.port);
		this.alice = Api.newUser("alice");
		this.bob = Api.newUser("bob");
		this.mallory = Api.newUser("mallory");
		this.conversation = this.api.createConversation(this.alice, this.bob);
	}

	@AfterEach
	void tearDown() {
		this.client.close();
	}

	String send() {
		return "/app/conversation." + this.conversation + ".send";
	}

	String topic() {
		return "/topic/conversation." + this.conversation;
	}

	@Test
	void everySubscribedMemberReceivesTheMessageWithTheSenderFromTheToken() {
		try (Session a = this.client.connect(Api.token(this.alice));
				Session b = this.client.connect(Api.token(this.bob))) {
			Subscription atAlice = a.subscribe(topic());
			Subscription atBob = b.subscribe(topic());

			a.send(send(), Map.of("content", "hello bob", "clientMessageId", "c-1", "sender", this.bob));

			for (Subscription subscription : new Subscription[] { atAlice, atBob }) {
				JsonNode message = subscription.nextJson();
				assertThat(message.get("type").asString()).isEqualTo("message");
				assertThat(message.get("id").asString()).hasSize(36);
				assertThat(message.get("conversationId").asString()).isEqualTo(this.conversation.toString());
				assertThat(message.get("sender").asString()).isEqualTo(this.alice);
				assertThat(message.get("content").asString()).isEqualTo("hello bob");
				assertThat(message.get("sentAt").asString()).isNotBlank();
				assertThat(message.get("clientMessageId").asString()).isEqualTo("c-1");
			}
		}
	}

	@Test
	void contentIsRelayedUnchangedIncludingHtmlAndUnicode() {
		String content = "<img src=x onerror=alert(1)> & \"quotes\" \u00e9\u00e8 \uD83D\uDE00 \n second line";
		try (Session a = this.client.connect(Api.token(this.alice))) {
			Subscription messages = a.subscribe(topic());
			a.send(send(), Map.of("content", content));
			assertThat(messages.nextJson().get("content").asString()).isEqualTo(content);
		}
	}

	@Test
	void aMessageWithoutClientMessageIdCarriesNull() {
		try (Session a = this.client.connect(Api.token(this.alice))) {
			Subscription messages = a.subscribe(topic());
			a.send(send(), Map.of("content", "hi"));
			JsonNode message = messages.nextJson();
			assertThat(message.has("clientMessageId")).isTrue();
			assertThat(message.get("clientMessageId").isNull()).isTrue();
		}
	}

	@Test
	void tenThousandCharactersAreAccepted() {
		String content = "\u00e9".repeat(MessagePublisher.MAX_CONTENT_LENGTH);
		try (Session a = this.client.connect(Api.token(this.alice))) {
			Subscription messages = a.subscribe(topic());
			a.sendWithReceipt(send(), Map.of("content", content)).await();
			assertThat(messages.nextJson().get("content").asString()).isEqualTo(content);
		}
	}

	@Test
	void anAcceptedSendGetsItsReceipt() {
		try (Session a = this.client.connect(Api.token(this.alice))) {
			a.sendWithReceipt(send(), Map.of("content", "with receipt")).await();
		}
	}

	@Test
	void aRefusedSendGetsNoReceiptButAnErrorNamingIt() {
		try (Session a = this.client.connect(Api.token(this.alice))) {
			Subscription errors = a.errors();
			Session.Receipt receipt = a.sendWithReceipt(send(), Map.of("content", ""));
			JsonNode error = errors.nextJson();
			assertThat(error.get("type").asString()).isEqualTo("error");
			assertThat(error.get("code").asString()).isEqualTo("VALIDATION");
			assertThat(error.get("receiptId").asString()).isEqualTo(receipt.id());
			assertThat(error.get("destination").asString()).isEqualTo(send());
			receipt.expectNone();
		}
	}

	@Test
	void badPayloadsGetTheirCodeAndTheSessionKeepsWorking() {
		try (Session a = this.client.connect(Api.token(this.alice))) {
			Subscription errors = a.errors();
			Subscription messages = a.subscribe(topic());

			a.sendRaw(send(), "{\"content\": \"unterminated".getBytes(), "bad-json");
			assertError(errors.nextJson(), "BAD_REQUEST", "bad-json");

			a.sendRaw(send(), new byte[0], "empty-body");
			assertError(errors.nextJson(), "BAD_REQUEST", "empty-body");

			a.sendRaw(send(), "{\"clientMessageId\":\"x\"}".getBytes(), "no-content");
			assertError(errors.nextJson(), "VALIDATION", "no-content");

			a.sendRaw(send(), "{\"content\":\"   \"}".getBytes(), "blank");
			assertError(errors.nextJson(), "VALIDATION", "blank");

			String tooLong = "{\"content\":\"" + "x".repeat(MessagePublisher.MAX_CONTENT_LENGTH + 1) + "\"}";
			a.sendRaw(send(), tooLong.getBytes(), "too-long");
			JsonNode error = errors.nextJson();
			assertError(error, "VALIDATION", "too-long");
			assertThat(error.get("message").asString()).contains("10001").contains("10000");

			messages.expectNothing();
			a.sendWithReceipt(send(), Map.of("content", "still here")).await();
			assertThat(messages.nextJson().get("content").asString()).isEqualTo("still here");
		}
	}

	@Test
	void aNonMemberCannotSendAndKeepsTheirSession() {
		try (Session a = this.client.connect(Api.token(this.alice));
				Session m = this.client.connect(Api.token(this.mallory))) {
			Subscription messages = a.subscribe(topic());
			Subscription errors = m.errors();
			Session.Receipt receipt = m.sendWithReceipt(send(), Map.of("content", "let me in"));
			assertError(errors.nextJson(), "FORBIDDEN", receipt.id());
			receipt.expectNone();
			messages.expectNothing();

			UUID own = this.api.createConversation(this.mallory);
			m.sendWithReceipt("/app/conversation." + own + ".send", Map.of("content", "mine")).await();
		}
	}

	@Test
	void unknownConversationsAndDestinationsAreNotFound() {
		try (Session a = this.client.connect(Api.token(this.alice))) {
			Subscription errors = a.errors();
			a.sendWithReceipt("/app/conversation." + UUID.randomUUID() + ".send", Map.of("content", "x"));
			assertThat(errors.nextJson().get("code").asString()).isEqualTo("NOT_FOUND");
			a.sendWithReceipt("/app/conversation.not-a-uuid.send", Map.of("content", "x"));
			assertThat(errors.nextJson().get("code").asString()).isEqualTo("NOT_FOUND");
			a.sendWithReceipt("/app/whatever", Map.of("content", "x"));
			assertThat(errors.nextJson().get("code").asString()).isEqualTo("NOT_FOUND");
			a.sendWithReceipt(send(), Map.of("content", "fine")).await();
		}
	}

	@Test
	void clientsCannotSendStraightToBrokerDestinations() {
		try (Session a = this.client.connect(Api.token(this.alice));
				Session b = this.client.connect(Api.token(this.bob))) {
			Subscription atBob = b.subscribe(topic());
			Subscription errors = a.errors();
			for (String destination : new String[] { topic(), "/queue/anything",
					"/user/" + this.bob + "/queue/errors" }) {
				a.send(destination, Map.of("type", "message", "sender", this.bob, "content", "forged"));
				JsonNode error = errors.nextJson();
				assertThat(error.get("code").asString()).isEqualTo("FORBIDDEN");
				assertThat(error.get("destination").asString()).isEqualTo(destination);
			}
			atBob.expectNothing();
		}
	}

	static void assertError(JsonNode error, String code, String receiptId) {
		assertThat(error.get("type").asString()).isEqualTo("error");
		assertThat(error.get("code").asString()).as(error.toString()).isEqualTo(code);
		assertThat(error.get("receiptId").asString()).isEqualTo(receiptId);
		assertThat(error.get("message").asString()).isNotBlank();
	}

}
