package dev.parley.messaging;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

import dev.parley.stomp.Outbound;

/**
 * A message as subscribers of {@code /topic/conversation.<id>} receive it and history
 * returns it:
 * {@code {"type":"message","id","conversationId","seq","sender","content","sentAt","clientMessageId","senderType"}}.
 * {@code seq} numbers a conversation's log 1, 2, 3 ... without gaps (edits, deletes and
 * reactions take seqs of the same log). {@code sender} is the authenticated principal
 * (or, for AMQP ingress, the service's name); {@code senderType} is {@code user} or
 * {@code service}; {@code content} is plain text, relayed unchanged.
 * <p>
 * Present only when they say something: {@code replyTo} (the parent's id) and
 * {@code quote} (its sender and first characters; absent once the parent is deleted) on a
 * reply; in history, {@code editedAt} and {@code version} (2, 3 ...) on an edited message
 * and {@code reactions} (counts, and whether the caller is among them) on one with
 * reactions.
 */
@Outbound(value = "/topic/conversation.{id}", type = ChatMessage.TYPE,
		summary = "A message, stored with the conversation's next seq")
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ChatMessage(String type, UUID id, UUID conversationId, long seq, String sender, String content,
		Instant sentAt, @Nullable String clientMessageId, String senderType,
		@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable UUID replyTo,
		@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Quote quote,
		@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Instant editedAt,
		@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Integer version,
		@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable List<ReactionCount> reactions) {

	static final String TYPE = "message";

	static final String USER = "user";

	static final String SERVICE = "service";

	/** A message as sent: no reply, never edited, no reactions. */
	public ChatMessage(String type, UUID id, UUID conversationId, long seq, String sender, String content,
			Instant sentAt, @Nullable String clientMessageId, String senderType) {
		this(type, id, conversationId, seq, sender, content, sentAt, clientMessageId, senderType, null, null, null,
				null, null);
	}

	/** The part of a replied-to message shown above its reply. */
	public record Quote(String sender, String content) {

		/** The most characters (code points) of the parent's content quoted. */
		static final int MAX_LENGTH = 100;

		static Quote of(String sender, String content) {
			if (content.codePointCount(0, content.length()) <= MAX_LENGTH) {
				return new Quote(sender, content);
			}
			return new Quote(sender, content.substring(0, content.offsetByCodePoints(0, MAX_LENGTH)) + "…");
		}

	}

	/** How many users reacted to a message with one emoji, and whether the caller did. */
	public record ReactionCount(String emoji, int count, boolean mine) {
	}

}
