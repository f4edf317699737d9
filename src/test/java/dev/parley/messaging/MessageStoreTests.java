package dev.parley.messaging;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.parley.broker.ConversationLog;
import dev.parley.errors.ErrorCode;
import dev.parley.support.Api;
import dev.parley.support.ClusterTest;
import dev.parley.support.ParleyNode;
import dev.parley.support.ParleyTest;
import dev.parley.support.PostgresServer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One batch of the message writer shares its statements across messages and
 * conversations, yet every message gets the outcome it would get alone: the next seq of
 * its own conversation, the stored message for a repeated {@code clientMessageId} (stored
 * earlier or earlier in the same batch), NOT_FOUND for an unknown conversation without
 * harm to the others - on the embedded H2 and on PostgreSQL.
 */
class MessageStoreTests {

	@Nested
	@ParleyTest
	class OnH2 {

		@Autowired
		MessageStore store;

		@LocalServerPort
		int port;

		@Test
		void aBatchGivesEachMessageItsOwnOutcome() {
			check(this.store, new Api(this.port));
		}

		@Test
		void updatesInABatchSeeTheOnesBeforeThemAndAreRestoredFromTheJournal() {
			checkUpdates(this.store, new Api(this.port));
		}

		/**
		 * What the journal restores after a kill: the messages H2 lacks, with their
		 * conversations' counters moved on; what it has already, and messages of a
		 * conversation deleted since, are left alone.
		 */
		@Test
		void restoreInsertsOnlyWhatTheDatabaseLacks() {
			Api api = new Api(this.port);
			String alice = Api.newUser("alice");
			UUID a = api.createConversation(alice);
			ChatMessage first = stored(this.store.appendAll(List.of(request(a, alice, "c1"))).get(0));
			ChatMessage lost2 = new ChatMessage(ChatMessage.TYPE, UUID.randomUUID(), a, 2, alice, "second",
					Instant.parse("2026-11-30T12:00:01.123456Z"), null, ChatMessage.USER);
			ChatMessage lost3 = new ChatMessage(ChatMessage.TYPE, UUID.randomUUID(), a, 3, "svc", "third",
					Instant.parse("2026-11-30T12:00:02Z"), "c3", ChatMessage.SERVICE);
			ChatMessage ofUnknown = new ChatMessage(ChatMessage.TYPE, UUID.randomUUID(), UUID.randomUUID(), 1, alice,
					"gone", Instant.parse("2026-11-30T12:00:02Z"), null, ChatMessage.USER);

			assertThat(this.store.restore(entries(first, lost2, ofUnknown, lost3))).isEqualTo(2);

			assertThat(payloads(this.store.after(a, 0, 10, null))).containsExactly(first, lost2, lost3);
			assertThat(this.store.lastSeq(a)).isEqualTo(3);
			assertThat(stored(this.store.appendAll(List.of(request(a, alice, null))).get(0)).seq()).isEqualTo(4);
			assertThat(this.store.restore(entries(lost2, lost3))).isZero();
		}

	}

	@Test
	@ClusterTest
	void onPostgres() throws Exception {
		try (PostgresServer postgres = PostgresServer.start(); ParleyNode node = ParleyNode.onPostgres(postgres)) {
			check(node.bean(MessageStore.class), node.api());
			checkUpdates(node.bean(MessageStore.class), node.api());
		}
	}

	/**
	 * Updates of one message in one batch each see the ones before them (a reaction after
	 * a delete is refused, a second delete changes nothing); restoring the journaled
	 * entries into a database that lacks them makes the same changes again.
	 */
	static void checkUpdates(MessageStore store, Api api) {
		String alice = Api.newUser("alice");
		String bob = Api.newUser("bob");
		UUID a = api.createConversation(alice, bob);
		Instant at = Instant.parse("2026-12-06T12:00:00Z");
		ChatMessage first = stored(store.appendAll(List.of(request(a, alice, null))).get(0));
		ChatMessage second = stored(store.appendAll(List.of(request(a, bob, null))).get(0));
		List<MessageStore.Outcome> outcomes = store
			.appendAll(List.of(update(LogEntry.Kind.EDIT, a, alice, first.id(), "edited once", null, false, "e1", at), // 0
					update(LogEntry.Kind.EDIT, a, alice, first.id(), "edited twice", null, false, null, at), // 1
					update(LogEntry.Kind.REACTION, a, bob, first.id(), null, "👍", true, null, at), // 2
					update(LogEntry.Kind.REACTION, a, alice, first.id(), null, "👍", true, null, at), // 3
					update(LogEntry.Kind.REACTION, a, bob, first.id(), null, "👍", true, null, at), // 4:
																									// already
					update(LogEntry.Kind.EDIT, a, bob, first.id(), "not mine", null, false, null, at), // 5
					update(LogEntry.Kind.DELETE, a, bob, second.id(), null, null, false, null, at), // 6
					update(LogEntry.Kind.DELETE, a, bob, second.id(), null, null, false, null, at), // 7:
																									// already
					update(LogEntry.Kind.REACTION, a, alice, second.id(), null, "👍", true, null, at), // 8:
																										// deleted
					update(LogEntry.Kind.EDIT, a, alice, first.id(), "edited twice", null, false, null, at), // 9:
																												// same
					update(LogEntry.Kind.EDIT, a, alice, first.id(), "again", null, false, "e1", at))); // 10:
																										// repeat
		assertThat(entry(outcomes.get(0))).extracting(LogEntry::seq, LogEntry::version).containsExactly(3L, 2);
		assertThat(entry(outcomes.get(1))).extracting(LogEntry::seq, LogEntry::version).containsExactly(4L, 3);
		assertThat(entry(outcomes.get(2))).extracting(LogEntry::seq, LogEntry::count).containsExactly(5L, 1);
		assertThat(entry(outcomes.get(3))).extracting(LogEntry::seq, LogEntry::count).containsExactly(6L, 2);
		assertThat(outcomes.get(4)).isEqualTo(new MessageStore.Unchanged());
		assertThat(outcomes.get(5)).isInstanceOfSatisfying(MessageStore.Refused.class,
				refused -> assertThat(refused.reason().code()).isEqualTo(ErrorCode.FORBIDDEN));
		assertThat(entry(outcomes.get(6)).seq()).isEqualTo(7);
		assertThat(outcomes.get(7)).isEqualTo(new MessageStore.Unchanged());
		assertThat(outcomes.get(8)).isInstanceOfSatisfying(MessageStore.Refused.class,
				refused -> assertThat(refused.reason().code()).isEqualTo(ErrorCode.NOT_FOUND));
		assertThat(outcomes.get(9)).isEqualTo(new MessageStore.Unchanged());
		assertThat(outcomes.get(10)).isInstanceOf(MessageStore.Repeated.class);
		assertThat(outcomes.get(10).toString()).contains("seq=3");
		List<Object> log = payloads(store.after(a, 0, 100, bob));
		assertThat(log).hasSize(7);
		ChatMessage now = (ChatMessage) log.get(0);
		assertThat(now.content()).isEqualTo("edited twice");
		assertThat(now.version()).isEqualTo(3);
		assertThat(now.reactions()).containsExactly(new ChatMessage.ReactionCount("👍", 2, true));
		assertThat(log.get(1)).isInstanceOf(MessageDeleted.class);

		// the same entries journaled for a conversation whose database lacks them: the
		// restore makes their changes again (and the text of a deleted message is gone)
		UUID b = api.createConversation(alice, bob);
		UUID m1 = UUID.randomUUID();
		UUID m2 = UUID.randomUUID();
		List<LogEntry> journaled = List.of(LogEntry.message(b, 1, m1, alice, "user", "hello", at, null),
				LogEntry.message(b, 2, m2, bob, "user", "a secret", at, null),
				new LogEntry(LogEntry.Kind.EDIT, b, 3, UUID.randomUUID(), alice, "user", "hello!", at, null, m1, 1, 2,
						null, false, 0, null),
				new LogEntry(LogEntry.Kind.REACTION, b, 4, UUID.randomUUID(), bob, "user", null, at, null, m1, 1, 1,
						"🎉", true, 1, null),
				new LogEntry(LogEntry.Kind.REACTION, b, 5, UUID.randomUUID(), bob, "user", null, at, null, m2, 2, 1,
						"🎉", true, 1, null),
				new LogEntry(LogEntry.Kind.DELETE, b, 6, UUID.randomUUID(), bob, "user", null, at, null, m2, 2, 1, null,
						false, 0, null));
		assertThat(store.restore(journaled)).isEqualTo(6);
		assertThat(store.restore(journaled)).isZero();
		List<Object> restored = payloads(store.after(b, 0, 100, alice));
		assertThat(restored).hasSize(6);
		ChatMessage hello = (ChatMessage) restored.get(0);
		assertThat(hello.content()).isEqualTo("hello!");
		assertThat(hello.version()).isEqualTo(2);
		assertThat(hello.reactions()).containsExactly(new ChatMessage.ReactionCount("🎉", 1, false));
		assertThat(restored.get(1)).isInstanceOf(MessageDeleted.class);
		assertThat(restored.toString()).doesNotContain("secret");
		assertThat(store.lastSeq(b)).isEqualTo(6);
	}

	private static MessageStore.Request update(LogEntry.Kind kind, UUID conversation, String sender, UUID target,
			@Nullable String content, @Nullable String emoji, boolean on, @Nullable String clientMessageId,
			Instant at) {
		return new MessageStore.Request(kind, conversation, sender, "user", content, clientMessageId, at, target, emoji,
				on);
	}

	private static LogEntry entry(MessageStore.Outcome outcome) {
		assertThat(outcome).isInstanceOf(MessageStore.Stored.class);
		return ((MessageStore.Stored) outcome).entry();
	}

	static void check(MessageStore store, Api api) {
		String alice = Api.newUser("alice");
		UUID a = api.createConversation(alice);
		UUID b = api.createConversation(alice);
		UUID unknown = UUID.randomUUID();
		MessageStore.Outcome first = store.appendAll(List.of(request(a, alice, "c1"))).get(0);
		ChatMessage storedBefore = ((MessageStore.Appended) first).message();

		List<MessageStore.Request> batch = new ArrayList<>();
		batch.add(request(a, alice, null)); // 0: next seq of a
		batch.add(request(b, alice, "c1")); // 1: another conversation's c1 is new
		batch.add(request(a, alice, "c1")); // 2: repeats the stored one
		batch.add(request(unknown, alice, "c9")); // 3: refused alone
		batch.add(request(b, alice, "c2")); // 4
		batch.add(request(a, "bob", "c1")); // 5: another sender's c1 is new
		batch.add(request(b, alice, "c2")); // 6: repeats 4, from this batch
		batch.add(request(a, alice, null)); // 7
		List<MessageStore.Outcome> outcomes = store.appendAll(batch);

		assertThat(stored(outcomes.get(0))).extracting(ChatMessage::conversationId, ChatMessage::seq)
			.containsExactly(a, 2L);
		assertThat(stored(outcomes.get(1))).extracting(ChatMessage::conversationId, ChatMessage::seq)
			.containsExactly(b, 1L);
		assertThat(repeated(outcomes.get(2))).isEqualTo(storedBefore);
		assertThat(outcomes.get(3)).isInstanceOfSatisfying(MessageStore.Refused.class,
				refused -> assertThat(refused.reason().code()).isEqualTo(ErrorCode.NOT_FOUND));
		ChatMessage c2 = stored(outcomes.get(4));
		assertThat(c2.seq()).isEqualTo(2);
		assertThat(stored(outcomes.get(5))).extracting(ChatMessage::sender, ChatMessage::seq)
			.containsExactly("bob", 3L);
		assertThat(repeated(outcomes.get(6))).isEqualTo(c2);
		assertThat(stored(outcomes.get(7)).seq()).isEqualTo(4);

		// stored as answered, and the counters moved: the next message of each
		// conversation continues the seq
		List<ChatMessage> expectedA = new ArrayList<>(
				List.of(storedBefore, stored(outcomes.get(0)), stored(outcomes.get(5)), stored(outcomes.get(7))));
		assertThat(payloads(store.after(a, 0, 100, null))).containsExactlyElementsOf(expectedA);
		assertThat(payloads(store.after(b, 0, 100, null))).containsExactly(stored(outcomes.get(1)), c2);
		List<MessageStore.Outcome> next = store.appendAll(List.of(request(b, alice, null), request(a, alice, null)));
		assertThat(stored(next.get(0)).seq()).isEqualTo(3);
		assertThat(stored(next.get(1)).seq()).isEqualTo(5);
		// and a repeat in a later batch still finds a message stored by a batch
		assertThat(repeated(store.appendAll(List.of(request(b, alice, "c2"))).get(0))).isEqualTo(c2);
		// several stored ids of one sender repeated in one batch, a new one among them:
		// one lookup finds them all
		List<MessageStore.Outcome> again = store.appendAll(List.of(request(b, alice, "c1"), request(b, alice, "c3"),
				request(b, alice, "c2"), request(a, "bob", "c1")));
		assertThat(repeated(again.get(0))).isEqualTo(stored(outcomes.get(1)));
		assertThat(stored(again.get(1))).extracting(ChatMessage::clientMessageId, ChatMessage::seq)
			.containsExactly("c3", 4L);
		assertThat(repeated(again.get(2))).isEqualTo(c2);
		assertThat(repeated(again.get(3))).isEqualTo(stored(outcomes.get(5)));
	}

	private static MessageStore.Request request(UUID conversation, String sender, @Nullable String clientMessageId) {
		return new MessageStore.Request(conversation, sender, "user", "hello", clientMessageId,
				Instant.parse("2026-11-30T12:00:00Z"));
	}

	private static ChatMessage repeated(MessageStore.Outcome outcome) {
		assertThat(outcome).isInstanceOf(MessageStore.Repeated.class);
		return ((MessageStore.Appended) outcome).message();
	}

	private static List<Object> payloads(List<ConversationLog.Entry> entries) {
		return entries.stream().map(ConversationLog.Entry::payload).toList();
	}

	private static List<LogEntry> entries(ChatMessage... messages) {
		return Stream.of(messages)
			.map(m -> LogEntry.message(m.conversationId(), m.seq(), m.id(), m.sender(), m.senderType(), m.content(),
					m.sentAt(), m.clientMessageId()))
			.toList();
	}

	private static ChatMessage stored(MessageStore.Outcome outcome) {
		assertThat(outcome).isInstanceOf(MessageStore.Stored.class);
		MessageStore.Appended appended = (MessageStore.Appended) outcome;
		assertThat(appended.stored()).isTrue();
		return appended.message();
	}

}
