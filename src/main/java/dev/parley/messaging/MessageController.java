package dev.parley.messaging;

import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import dev.parley.conversation.ConversationMember;
import dev.parley.metrics.MessageMetrics.Transport;
import dev.parley.stomp.Accepted;

import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.stereotype.Controller;

/**
 * A conversation's log from STOMP clients: {@code SEND /app/conversation.<id>.send},
 * {@code .edit}, {@code .delete} and {@code .react}. Each is accepted once stored and
 * published (the RECEIPT follows the group commit without holding an inbound thread) and
 * its RECEIPT carries the entry's {@code seq}; an update that changed nothing (a reaction
 * already on, a message already deleted) gets a RECEIPT without one.
 */
@Controller
class MessageController {

	/** The RECEIPT header with the seq the entry was stored with. */
	static final String SEQ_HEADER = "seq";

	private final MessagePublisher publisher;

	private final MessageUpdates updates;

	MessageController(MessagePublisher publisher, MessageUpdates updates) {
		this.publisher = publisher;
		this.updates = updates;
	}

	@MessageMapping("conversation.{id}.send")
	CompletableFuture<Accepted> send(ConversationMember member, @Payload SendMessage payload) {
		return this.publisher
			.submit(member, payload.content(), payload.clientMessageId(),
					MessageIds.parseOptional("replyTo", payload.replyTo()), Transport.STOMP)
			.thenApply(message -> Accepted.withHeader(SEQ_HEADER, Long.toString(message.seq())));
	}

	@MessageMapping("conversation.{id}.edit")
	CompletableFuture<Accepted> edit(ConversationMember member, @Payload EditMessage payload) {
		return this.updates.edit(member, payload.messageId(), payload.content(), payload.clientMessageId())
			.thenApply(MessageController::accepted);
	}

	@MessageMapping("conversation.{id}.delete")
	CompletableFuture<Accepted> delete(ConversationMember member, @Payload DeleteMessage payload) {
		return this.updates.delete(member, payload.messageId(), payload.clientMessageId())
			.thenApply(MessageController::accepted);
	}

	@MessageMapping("conversation.{id}.react")
	CompletableFuture<Accepted> react(ConversationMember member, @Payload ReactToMessage payload) {
		return this.updates.react(member, payload.messageId(), payload.emoji(), payload.on(), payload.clientMessageId())
			.thenApply(MessageController::accepted);
	}

	private static Accepted accepted(MessageStore.Appended appended) {
		LogEntry entry = appended.entry();
		return (entry != null) ? Accepted.withHeader(SEQ_HEADER, Long.toString(entry.seq())) : Accepted.FRAME;
	}

	/** {@code {"messageId","content","clientMessageId"?}} */
	record EditMessage(@Nullable String messageId, @Nullable String content, @Nullable String clientMessageId) {
	}

	/** {@code {"messageId","clientMessageId"?}} */
	record DeleteMessage(@Nullable String messageId, @Nullable String clientMessageId) {
	}

	/** {@code {"messageId","emoji","on","clientMessageId"?}} */
	record ReactToMessage(@Nullable String messageId, @Nullable String emoji, @Nullable Boolean on,
			@Nullable String clientMessageId) {
	}

}
