package dev.parley.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.parley.support.Api;
import dev.parley.support.Chat;
import dev.parley.support.Chat.Member;
import dev.parley.support.ConversationState;
import dev.parley.support.MessageRecovery;
import dev.parley.support.ParleyTest;
import dev.parley.support.StompTestClient;
import dev.parley.support.StompTestClient.Session;
import dev.parley.support.StompTestClient.Subscription;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reader that drops out while messages, replies, edits, reactions and deletes keep
 * coming, and reconnects, ends up with every entry of the log exactly once and in seq
 * order, and shows what a reader that just opened the conversation shows. (Rate limits
 * raised: the writers go as fast as their receipts come.)
 */
@ParleyTest
@TestPropertySource(properties = { "parley.limits.burst-per-second=1000", "parley.limits.messages-per-minute=100000" })
class UpdateRecoveryTests {

	static final int ROUNDS = 12;

	@LocalServerPort
	int port;

	@Test
	void aReaderThatDropsMidStreamGetsEveryKindOfEntryOnceInOrder() throws Exception {
		Api api = new Api(this.port);
		Chat chat = Chat.create(api, "alice", "bob", "carol", "dave");
		Member bob = chat.member(1);
		try (StompTestClient client = StompTestClient.nativeWebSocket(this.port)) {
			MessageRecovery recovery = new MessageRecovery(
					after -> api.get(chat.messagesPath() + "?after=" + after + "&limit=500", bob.token()).json(), 0);
			CountDownLatch halfway = new CountDownLatch(1);
			CountDownLatch reconnected = new CountDownLatch(1);
			CompletableFuture<Void> writing = CompletableFuture
				.runAsync(() -> write(client, chat, halfway, reconnected));

			Session reader = client.connect(bob.token());
			Subscription live = reader.subscribeWithReceipt(chat.topic());
			live.receipt().await();
			recovery.sync();
			assertThat(halfway.await(30, TimeUnit.SECONDS)).isTrue();
			// take what has arrived, then drop while the writers go on
			JsonNode frame;
			while ((frame = live.poll(java.time.Duration.ofMillis(100))) != null) {
				recovery.live(frame);
			}
			long beforeTheDrop = recovery.lastSeq();
			reader.close();

			reader = client.connect(bob.token());
			live = reader.subscribeWithReceipt(chat.topic());
			live.receipt().await();
			reconnected.countDown();
			recovery.sync();
			writing.get(60, TimeUnit.SECONDS);
			long last = api.get("/api/conversations", bob.token()).json().get(0).get("lastSeq").asLong();
			while (recovery.lastSeq() < last) {
				recovery.live(live.nextJson());
			}
			reader.close();

			List<JsonNode> delivered = recovery.delivered();
			assertThat(beforeTheDrop).as("dropped mid-stream").isBetween(1L, last - 1);
			assertThat(delivered.stream().map(entry -> entry.get("seq").asLong()))
				.containsExactlyElementsOf(LongStream.rangeClosed(1, last).boxed().toList());
			assertThat(delivered.stream().map(entry -> entry.get("type").asString()).distinct())
				.containsExactlyInAnyOrder("message", "reaction", "message-edited", "message-deleted");

			ConversationState shown = new ConversationState();
			delivered.forEach(shown::apply);
			ConversationState fresh = new ConversationState();
			api.get(chat.messagesPath() + "?after=0&limit=500", bob.token()).json().forEach(fresh::apply);
			assertThat(shown.messages()).isEqualTo(fresh.messages());
			assertThat(fresh.messages().values()).anyMatch(ConversationState.Shown::deleted)
				.anyMatch(message -> message.version() > 1)
				.anyMatch(message -> !message.reactions().isEmpty())
				.anyMatch(message -> message.replyTo() != null);
		}
	}

	/**
	 * Rounds of: alice posts, carol replies, dave reacts, alice edits, carol reacts and
	 * sometimes takes it back, alice (the creator) deletes every third reply.
	 */
	private static void write(StompTestClient client, Chat chat, CountDownLatch halfway, CountDownLatch reconnected) {
		try (Session alice = client.connect(chat.member(0).token());
				Session carol = client.connect(chat.member(2).token());
				Session dave = client.connect(chat.member(3).token())) {
			Subscription ids = alice.subscribeWithReceipt(chat.topic());
			ids.receipt().await();
			String app = "/app/conversation." + chat.id() + ".";
			List<String> replies = new ArrayList<>();
			for (int round = 1; round <= ROUNDS; round++) {
				String post = id(ids, alice.sendWithReceipt(app + "send", Map.of("content", "post " + round)));
				replies.add(id(ids,
						carol.sendWithReceipt(app + "send", Map.of("content", "re " + round, "replyTo", post))));
				dave.sendWithReceipt(app + "react", Map.of("messageId", post, "emoji", "👍", "on", true)).await();
				alice.sendWithReceipt(app + "edit", Map.of("messageId", post, "content", "post " + round + "!"))
					.await();
				carol.sendWithReceipt(app + "react", Map.of("messageId", post, "emoji", "🎉", "on", true)).await();
				if (round % 2 == 0) {
					carol.sendWithReceipt(app + "react", Map.of("messageId", post, "emoji", "🎉", "on", false)).await();
				}
				if (round % 3 == 0) {
					alice.sendWithReceipt(app + "delete", Map.of("messageId", replies.get(round - 2))).await();
				}
				if (round == ROUNDS / 3) {
					halfway.countDown();
				}
				if (round == 2 * ROUNDS / 3) {
					// some of the rest goes while the reader reconnects, some after
					await(reconnected);
				}
			}
		}
	}

	/** The id of the entry a receipt confirmed, from the writer's own subscription. */
	private static String id(Subscription ids, Session.Receipt receipt) {
		long seq = Long.parseLong(receipt.headers().getFirst("seq"));
		return ids.nextJsonWhere(entry -> entry.get("seq").asLong() == seq).get("id").asString();
	}

	private static void await(CountDownLatch latch) {
		try {
			assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
