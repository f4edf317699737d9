package dev.parley.messaging;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One entry of a conversation's log as the writer made it: a message, or an edit, delete
 * or reaction of one; each with the conversation's next seq. The journal keeps these, and
 * {@link #payload()} is what subscribers receive.
 *
 * @param kind what the entry is
 * @param conversationId the conversation
 * @param seq its place in the conversation's log
 * @param id the entry's own id
 * @param sender who sent the message, edited, deleted or reacted
 * @param senderType {@code user} or {@code service}
 * @param content a message's or an edit's text; null otherwise
 * @param at when it was sent, edited, deleted or reacted
 * @param clientMessageId the sender's idempotency key, if any
 * @param targetId the message an update changes, or the one a message replies to
 * @param targetSeq that message's seq (0 without one)
 * @param version an edit's version (2, 3 ...); 1 otherwise
 * @param emoji a reaction's emoji
 * @param on whether a reaction was turned on
 * @param count how many users have a reaction's emoji on the message after it
 * @param quote a reply's quote of its parent (not stored: made from the parent when read)
 */
record LogEntry(Kind kind, UUID conversationId, long seq, UUID id, String sender, String senderType,
		@Nullable String content, Instant at, @Nullable String clientMessageId, @Nullable UUID targetId, long targetSeq,
		int version, @Nullable String emoji, boolean on, int count, ChatMessage.@Nullable Quote quote) {

	/** A plain message, as the writer stores most entries. */
	static LogEntry message(UUID conversationId, long seq, UUID id, String sender, String senderType, String content,
			Instant at, @Nullable String clientMessageId) {
		return new LogEntry(Kind.MESSAGE, conversationId, seq, id, sender, senderType, content, at, clientMessageId,
				null, 0, 1, null, false, 0, null);
	}

	/** What subscribers of the conversation receive for this entry. */
	Object payload() {
		return switch (this.kind) {
			case MESSAGE ->
				new ChatMessage(ChatMessage.TYPE, this.id, this.conversationId, this.seq, this.sender, this.content,
						this.at, this.clientMessageId, this.senderType, this.targetId, this.quote, null, null, null);
			case EDIT -> new MessageEdited(MessageEdited.TYPE, this.id, this.conversationId, this.seq, this.targetId,
					this.sender, this.content, this.at, this.version, this.clientMessageId);
			case DELETE -> new MessageDeleted(MessageDeleted.TYPE, this.id, this.conversationId, this.seq,
					this.targetId, this.sender, this.at);
			case REACTION -> new Reaction(Reaction.TYPE, this.id, this.conversationId, this.seq, this.targetId,
					this.sender, this.emoji, this.on, this.count);
		};
	}

	/** The message, for a {@link Kind#MESSAGE} entry. */
	ChatMessage message() {
		if (this.kind != Kind.MESSAGE) {
			throw new IllegalStateException("A " + this.kind.column() + " entry is not a message");
		}
		return (ChatMessage) payload();
	}

	/** The kinds of entry, by the name stored in {@code message.kind}. */
	enum Kind {

		MESSAGE, EDIT, DELETE, REACTION;

		String column() {
			return name().toLowerCase(Locale.ROOT);
		}

		static Kind of(String column) {
			return valueOf(column.toUpperCase(Locale.ROOT));
		}

	}

}
