package dev.parley.messaging;

import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import dev.parley.conversation.ConversationMember;
import dev.parley.metrics.MessageMetrics.Transport;
import dev.parley.stomp.Accepted;
import dev.parley.stomp.ReceiptHeader;
import dev.parley.stomp.Required;

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

	/** What {@link #SEQ_HEADER} holds, as the AsyncAPI document says. */
	static final String SEQ_DESCRIPTION = "The seq the entry was stored with; for a repeated clientMessageId, "
			+ "the seq it got then.";

	static final String UNCHANGED = " None when the change changed nothing (a reaction already on, a message "
			+ "already deleted, an edit to the same text).";

	private final MessagePublisher publisher;

	private final MessageUpdates updates;

	MessageController(MessagePublisher publisher, MessageUpdates updates) {
		this.publisher = publisher;
		this.updates = updates;
	}

	@MessageMapping("conversation.{id}.send")
	@ReceiptHeader(name = SEQ_HEADER, description = SEQ_DESCRIPTION)
	CompletableFuture<Accepted> send(ConversationMember member, @Payload SendMessage payload) {
		return this.publisher
			.submit(member, payload.content(), payload.clientMessageId(),
					MessageIds.parseOptional("replyTo", payload.replyTo()), Transport.STOMP)
			.thenApply(message -> Accepted.withHeader(SEQ_HEADER, Long.toString(message.seq())));
	}

	@MessageMapping("conversation.{id}.edit")
	@ReceiptHeader(name = SEQ_HEADER, description = SEQ_DESCRIPTION + UNCHANGED, always = false)
	CompletableFuture<Accepted> edit(ConversationMember member, @Payload EditMessage payload) {
		return this.updates.edit(member, payload.messageId(), payload.content(), payload.clientMessageId())
			.thenApply(MessageController::accepted);
	}

	@MessageMapping("conversation.{id}.delete")
	@ReceiptHeader(name = SEQ_HEADER, description = SEQ_DESCRIPTION + UNCHANGED, always = false)
	CompletableFuture<Accepted> delete(ConversationMember member, @Payload DeleteMessage payload) {
		return this.updates.delete(member, payload.messageId(), payload.clientMessageId())
			.thenApply(MessageController::accepted);
	}

	@MessageMapping("conversation.{id}.react")
	@ReceiptHeader(name = SEQ_HEADER, description = SEQ_DESCRIPTION + UNCHANGED, always = false)
	CompletableFuture<Accepted> react(ConversationMember member, @Payload ReactToMessage payload) {
		return this.updates.react(member, payload.messageId(), payload.emoji(), payload.on(), payload.clientMessageId())
			.thenApply(MessageController::accepted);
	}

	private static Accepted accepted(MessageStore.Appended appended) {
		LogEntry entry = appended.entry();
		return (entry != null) ? Accepted.withHeader(SEQ_HEADER, Long.toString(entry.seq())) : Accepted.FRAME;
	}

	/** {@code {"messageId","content","clientMessageId"?}} */
	record EditMessage(@Required @Nullable String messageId, @Required @Nullable String content,
			@Nullable String clientMessageId) {
	}

	/** {@code {"messageId","clientMessageId"?}} */
	record DeleteMessage(@Required @Nullable String messageId, @Nullable String clientMessageId) {
	}

	/** {@code {"messageId","emoji","on","clientMessageId"?}} */
	record ReactToMessage(@Required @Nullable String messageId, @Required @Nullable String emoji,
			@Required @Nullable Boolean on, @Nullable String clientMessageId) {
	}

}
