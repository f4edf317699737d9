package dev.parley.messaging;

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
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Edits, deletes, reactions and replies over STOMP against a running node: each takes the
 * conversation's next seq, gets its RECEIPT (with that seq) after the commit, is
 * broadcast on {@code /topic/conversation.<id>} and comes back from history in order;
 * refusals are named errors (test settings: three different emoji per message).
 */
@ParleyTest
class MessageUpdatesContractTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	Api api;

	StompTestClient client;

	String alice;

	String bob;

	UUID conversation;

	@BeforeEach
	void setUp() {
		this.api = new Api(this.port);
		this.client = StompTestClient.nativeWebSocket(this.port);
		this.alice = Api.newUser("alice");
		this.bob = Api.newUser("bob");
		this.conversation = this.api.createConversation(this.alice, this.bob);
	}

	@AfterEach
	void tearDown() {
		this.client.close();
	}

	String app(String action) {
		return "/app/conversation." + this.conversation + "." + action;
	}

	String topic() {
		return "/topic/conversation." + this.conversation;
	}

	JsonNode history(String user, String query) {
		Api.Response got = this.api.get("/api/conversations/" + this.conversation + "/messages" + query,
				Api.token(user));
		assertThat(got.status()).as(got.body()).isEqualTo(200);
		return got.json();
	}

	static long seq(Session.Receipt receipt) {
		return Long.parseLong(receipt.headers().getFirst("seq"));
	}

	/** Sends, expecting an error with the code naming this frame, and no RECEIPT. */
	static void refused(Session session, Subscription errors, String destination, Object payload, String code,
			String words) {
		Session.Receipt receipt = session.sendWithReceipt(destination, payload);
		JsonNode error = errors.nextJson();
		assertThat(error.get("code").asString()).as(payload.toString()).isEqualTo(code);
		assertThat(error.get("message").asString()).as(payload.toString()).containsIgnoringCase(words);
		assertThat(error.get("receiptId").asString()).isEqualTo(receipt.id());
		receipt.expectNone();
	}

	@Test
	void theAuthorEditsAMessageAndEveryoneSeesTheNewVersionLiveAndInHistory() {
		try (Session a = this.client.connect(Api.token(this.alice));
				Session b = this.client.connect(Api.token(this.bob))) {
			Subscription atBob = b.subscribeWithReceipt(topic());
			atBob.receipt().await();
			Subscription errors = b.errors();
			Subscription aliceErrors = a.errors();
			assertThat(seq(a.sendWithReceipt(app("send"), Map.of("content", "helo", "clientMessageId", "m1"))))
				.isEqualTo(1);
			String id = atBob.nextJson().get("id").asString();

			Session.Receipt edited = a.sendWithReceipt(app("edit"),
					Map.of("messageId", id, "content", "hello", "clientMessageId", "e1"));
			assertThat(seq(edited)).isEqualTo(2);
			JsonNode edit = atBob.nextJson();
			assertThat(edit.get("type").asString()).isEqualTo("message-edited");
			assertThat(edit.get("seq").asLong()).isEqualTo(2);
			assertThat(edit.get("conversationId").asString()).isEqualTo(this.conversation.toString());
			assertThat(edit.get("messageId").asString()).isEqualTo(id);
			assertThat(edit.get("id").asString()).isNotEqualTo(id);
			assertThat(edit.get("sender").asString()).isEqualTo(this.alice);
			assertThat(edit.get("content").asString()).isEqualTo("hello");
			assertThat(edit.get("version").asInt()).isEqualTo(2);
			assertThat(edit.get("clientMessageId").asString()).isEqualTo("e1");
			assertThat(Instant.parse(edit.get("editedAt").asString())).isNotNull();

			// a retry of the same edit is answered with its seq and not applied again;
			// the same text again changes nothing
			assertThat(seq(a.sendWithReceipt(app("edit"),
					Map.of("messageId", id, "content", "something else", "clientMessageId", "e1"))))
				.isEqualTo(2);
			assertThat(a.sendWithReceipt(app("edit"), Map.of("messageId", id, "content", "hello"))
				.headers()
				.getFirst("seq")).isNull();
			atBob.expectNothing();

			// two edits: the later one by seq is the message's text
			a.sendWithReceipt(app("edit"), Map.of("messageId", id, "content", "hello, bob")).await();
			a.sendWithReceipt(app("edit"), Map.of("messageId", id, "content", "hello, Bob!")).await();
			assertThat(atBob.nextJson().get("version").asInt()).isEqualTo(3);
			assertThat(atBob.nextJson().get("version").asInt()).isEqualTo(4);

			JsonNode log = history(this.bob, "?after=0");
			assertThat(log).hasSize(4);
			assertThat(log.get(0).get("type").asString()).isEqualTo("message");
			assertThat(log.get(0).get("content").asString()).isEqualTo("hello, Bob!");
			assertThat(log.get(0).get("version").asInt()).isEqualTo(4);
			assertThat(log.get(0).get("editedAt")).isNotNull();
			// each edit entry in its place, carrying the current text (old texts are not
			// kept)
			for (int i = 1; i <= 3; i++) {
				assertThat(log.get(i).get("type").asString()).isEqualTo("message-edited");
				assertThat(log.get(i).get("seq").asLong()).isEqualTo(i + 1);
				assertThat(log.get(i).get("content").asString()).isEqualTo("hello, Bob!");
			}
			assertThat(this.jdbc.sql("select count(*) from message where content = 'helo'").query(Long.class).single())
				.isZero();

			refused(b, errors, app("edit"), Map.of("messageId", id, "content", "mine now"), "FORBIDDEN", "sender");
			refused(b, errors, app("edit"), Map.of("messageId", UUID.randomUUID().toString(), "content", "x"),
					"NOT_FOUND", "No message");
			refused(b, errors, app("edit"), Map.of("messageId", "1; drop table message", "content", "x"), "VALIDATION",
					"messageId");
			refused(b, errors, app("edit"), Map.of("content", "x"), "VALIDATION", "messageId is required");
			refused(a, aliceErrors, app("edit"), Map.of("messageId", id, "content", " "), "VALIDATION", "content");
			// one clientMessageId names one entry: the edit's id cannot be a message's
			refused(a, aliceErrors, app("send"), Map.of("content", "new", "clientMessageId", "e1"), "VALIDATION",
					"already names another kind of entry (edit)");
		}
	}

	@Test
	void aDeletedMessageLosesItsTextAndHistoryKeepsATombstoneInItsPlace() {
		try (Session a = this.client.connect(Api.token(this.alice));
				Session b = this.client.connect(Api.token(this.bob))) {
			Subscription atBob = b.subscribeWithReceipt(topic());
			atBob.receipt().await();
			Subscription aliceErrors = a.errors();
			Subscription bobErrors = b.errors();
			a.sendWithReceipt(app("send"), Map.of("content", "a secret")).await();
			String id = atBob.nextJson().get("id").asString();
			a.sendWithReceipt(app("edit"), Map.of("messageId", id, "content", "a secret, edited")).await();
			atBob.nextJson();
			b.sendWithReceipt(app("react"), Map.of("messageId", id, "emoji", "👀", "on", true)).await();
			atBob.nextJson();

			refused(b, bobErrors, app("delete"), Map.of("messageId", id), "FORBIDDEN", "delete");
			assertThat(seq(a.sendWithReceipt(app("delete"), Map.of("messageId", id)))).isEqualTo(4);
			JsonNode tombstone = atBob.nextJson();
			assertThat(tombstone.get("type").asString()).isEqualTo("message-deleted");
			assertThat(tombstone.get("seq").asLong()).isEqualTo(4);
			assertThat(tombstone.get("messageId").asString()).isEqualTo(id);
			assertThat(tombstone.get("sender").asString()).isEqualTo(this.alice);
			assertThat(Instant.parse(tombstone.get("deletedAt").asString())).isNotNull();
			assertThat(tombstone.has("content")).isFalse();

			// removed from storage, not hidden: no row holds the text, no reaction is
			// left
			assertThat(this.jdbc.sql("select count(*) from message where content like '%secret%'")
				.query(Long.class)
				.single()).isZero();
			assertThat(this.jdbc.sql("select count(*) from message_reaction where conversation_id = ?")
				.param(this.conversation)
				.query(Long.class)
				.single()).isZero();

			JsonNode log = history(this.bob, "?after=0");
			assertThat(log).hasSize(4);
			// the message itself and its edit come back as tombstones, in place
			assertThat(log.get(0).get("type").asString()).isEqualTo("message-deleted");
			assertThat(log.get(0).get("seq").asLong()).isEqualTo(1);
			assertThat(log.get(0).get("messageId").asString()).isEqualTo(id);
			assertThat(log.get(1).get("type").asString()).isEqualTo("message-deleted");
			assertThat(log.get(1).get("messageId").asString()).isEqualTo(id);
			assertThat(log.get(2).get("type").asString()).isEqualTo("reaction");
			assertThat(log.get(3).get("type").asString()).isEqualTo("message-deleted");
			assertThat(log.toString()).doesNotContain("secret");

			// deleting again is answered, without a second tombstone
			assertThat(a.sendWithReceipt(app("delete"), Map.of("messageId", id)).headers().getFirst("seq")).isNull();
			atBob.expectNothing();
			refused(a, aliceErrors, app("edit"), Map.of("messageId", id, "content", "back"), "NOT_FOUND", "No message");
			refused(b, bobErrors, app("react"), Map.of("messageId", id, "emoji", "👍", "on", true), "NOT_FOUND",
					"No message");

			// the conversation's creator may delete anyone's message
			b.sendWithReceipt(app("send"), Map.of("content", "spam")).await();
			String spam = atBob.nextJson().get("id").asString();
			a.sendWithReceipt(app("delete"), Map.of("messageId", spam)).await();
			assertThat(atBob.nextJson().get("sender").asString()).isEqualTo(this.alice);
		}
	}

	@Test
	void reactionsAreOnePerUserAndEmojiCountedInBroadcastsAndInHistory() {
		try (Session a = this.client.connect(Api.token(this.alice));
				Session b = this.client.connect(Api.token(this.bob))) {
			Subscription atAlice = a.subscribeWithReceipt(topic());
			atAlice.receipt().await();
			Subscription errors = b.errors();
			a.sendWithReceipt(app("send"), Map.of("content", "lunch?")).await();
			String id = atAlice.nextJson().get("id").asString();

			assertThat(seq(b.sendWithReceipt(app("react"), Map.of("messageId", id, "emoji", "👍", "on", true))))
				.isEqualTo(2);
			JsonNode reaction = atAlice.nextJson();
			assertThat(reaction.get("type").asString()).isEqualTo("reaction");
			assertThat(reaction.get("seq").asLong()).isEqualTo(2);
			assertThat(reaction.get("messageId").asString()).isEqualTo(id);
			assertThat(reaction.get("user").asString()).isEqualTo(this.bob);
			assertThat(reaction.get("emoji").asString()).isEqualTo("👍");
			assertThat(reaction.get("on").asBoolean()).isTrue();
			assertThat(reaction.get("count").asInt()).isEqualTo(1);
			a.sendWithReceipt(app("react"), Map.of("messageId", id, "emoji", "👍", "on", true)).await();
			assertThat(atAlice.nextJson().get("count").asInt()).isEqualTo(2);
			// the same reaction again: answered, nothing stored or sent
			assertThat(b.sendWithReceipt(app("react"), Map.of("messageId", id, "emoji", "👍", "on", true))
				.headers()
				.getFirst("seq")).isNull();
			// off when it is not on: likewise
			assertThat(b.sendWithReceipt(app("react"), Map.of("messageId", id, "emoji", "🎉", "on", false))
				.headers()
				.getFirst("seq")).isNull();
			atAlice.expectNothing();
			a.sendWithReceipt(app("react"), Map.of("messageId", id, "emoji", "👩‍👩‍👧", "on", true)).await();
			atAlice.nextJson();

			JsonNode message = history(this.bob, "").get(0);
			assertThat(message.get("reactions").toString()).isEqualTo(
					"[{\"emoji\":\"👍\",\"count\":2,\"mine\":true},{\"emoji\":\"👩‍👩‍👧\",\"count\":1,\"mine\":false}]");
			assertThat(history(this.alice, "").get(0).get("reactions").toString()).isEqualTo(
					"[{\"emoji\":\"👍\",\"count\":2,\"mine\":true},{\"emoji\":\"👩‍👩‍👧\",\"count\":1,\"mine\":true}]");

			b.sendWithReceipt(app("react"), Map.of("messageId", id, "emoji", "👍", "on", false)).await();
			JsonNode off = atAlice.nextJson();
			assertThat(off.get("on").asBoolean()).isFalse();
			assertThat(off.get("count").asInt()).isEqualTo(1);

			// three different emoji at most (the test setting); a fourth is refused, one
			// already used is not
			b.sendWithReceipt(app("react"), Map.of("messageId", id, "emoji", "🎉", "on", true)).await();
			refused(b, errors, app("react"), Map.of("messageId", id, "emoji", "😮", "on", true), "VALIDATION",
					"at most 3");
			b.sendWithReceipt(app("react"), Map.of("messageId", id, "emoji", "👍", "on", true)).await();
			refused(b, errors, app("react"), Map.of("messageId", id, "emoji", "a b", "on", true), "VALIDATION",
					"emoji");
			refused(b, errors, app("react"), Map.of("messageId", id, "emoji", "x".repeat(33), "on", true), "VALIDATION",
					"emoji");
			refused(b, errors, app("react"), Map.of("messageId", id, "emoji", "👍"), "VALIDATION", "on is required");
		}
	}

	@Test
	void aReplyCarriesItsParentAndAShortQuoteOfIt() {
		try (Session a = this.client.connect(Api.token(this.alice));
				Session b = this.client.connect(Api.token(this.bob))) {
			Subscription atAlice = a.subscribeWithReceipt(topic());
			atAlice.receipt().await();
			Subscription errors = b.errors();
			String longText = "🙂".repeat(150);
			a.sendWithReceipt(app("send"), Map.of("content", longText)).await();
			String parent = atAlice.nextJson().get("id").asString();

			b.sendWithReceipt(app("send"), Map.of("content", "agreed", "replyTo", parent)).await();
			JsonNode reply = atAlice.nextJson();
			assertThat(reply.get("type").asString()).isEqualTo("message");
			assertThat(reply.get("replyTo").asString()).isEqualTo(parent);
			assertThat(reply.get("quote").get("sender").asString()).isEqualTo(this.alice);
			assertThat(reply.get("quote").get("content").asString()).isEqualTo("🙂".repeat(100) + "…");
			assertThat(history(this.alice, "?after=1").get(0).get("quote")).isEqualTo(reply.get("quote"));
			// a plain message says nothing of replies
			assertThat(history(this.alice, "?after=0").get(0).has("replyTo")).isFalse();

			refused(b, errors, app("send"), Map.of("content", "x", "replyTo", UUID.randomUUID().toString()),
					"NOT_FOUND", "No message");
			refused(b, errors, app("send"), Map.of("content", "x", "replyTo", "parent"), "VALIDATION", "replyTo");

			// once the parent is deleted the reply keeps its id but no quote
			a.sendWithReceipt(app("delete"), Map.of("messageId", parent)).await();
			JsonNode kept = history(this.alice, "?after=1").get(0);
			assertThat(kept.get("replyTo").asString()).isEqualTo(parent);
			assertThat(kept.has("quote")).isFalse();
			refused(b, errors, app("send"), Map.of("content", "x", "replyTo", parent), "NOT_FOUND", "No message");
		}
	}

	@Test
	void anotherConversationsMessageCannotBeChanged() {
		UUID other = this.api.createConversation(this.bob, this.alice);
		try (Session a = this.client.connect(Api.token(this.alice))) {
			Subscription there = a.subscribeWithReceipt("/topic/conversation." + other);
			there.receipt().await();
			a.sendWithReceipt("/app/conversation." + other + ".send", Map.of("content", "elsewhere")).await();
			String id = there.nextJson().get("id").asString();
			Subscription errors = a.errors();
			refused(a, errors, app("edit"), Map.of("messageId", id, "content", "x"), "NOT_FOUND", "No message");
			refused(a, errors, app("delete"), Map.of("messageId", id), "NOT_FOUND", "No message");
			refused(a, errors, app("send"), Map.of("content", "x", "replyTo", id), "NOT_FOUND", "No message");
		}
	}

	@Test
	void nonMembersCannotChangeMessages() {
		String mallory = Api.newUser("mallory");
		try (Session m = this.client.connect(Api.token(mallory))) {
			Subscription errors = m.errors();
			for (String action : new String[] { "edit", "delete", "react", "read" }) {
				m.sendWithReceipt(app(action), Map.of("messageId", UUID.randomUUID().toString()));
				assertThat(errors.nextJson().get("code").asString()).as(action).isEqualTo("FORBIDDEN");
			}
			m.subscribeAsync(topic() + ".read");
			assertThat(errors.nextJson().get("code").asString()).isEqualTo("FORBIDDEN");
		}
	}

}
