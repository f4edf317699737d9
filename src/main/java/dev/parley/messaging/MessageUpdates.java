package dev.parley.messaging;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import dev.parley.broker.BrokerAvailability;
import dev.parley.conversation.ConversationMember;
import dev.parley.errors.ErrorCode;
import dev.parley.errors.ParleyException;
import dev.parley.limits.RateLimiter;
import dev.parley.metrics.MessageMetrics;

import org.springframework.stereotype.Service;

/**
 * Edits, deletes and reactions: validated, rate-limited like sends, then stored by the
 * {@link MessageWriter} with the conversation's next seq and published on
 * {@code /topic/conversation.<id>}, as messages are. Whose message it is, whether it
 * still exists and how many emoji it has are checked in the writer's transaction, where
 * the conversation's row lock orders every change of it.
 */
@Service
class MessageUpdates {

	/** Longest emoji (a sequence with modifiers and joiners), in UTF-16 units. */
	static final int MAX_EMOJI_LENGTH = 32;

	private final RateLimiter rateLimiter;

	private final BrokerAvailability broker;

	private final MessageWriter writer;

	private final Clock clock;

	private final MessageMetrics metrics;

	MessageUpdates(RateLimiter rateLimiter, BrokerAvailability broker, MessageWriter writer, MessageMetrics metrics,
			Clock clock) {
		this.metrics = metrics;
		this.rateLimiter = rateLimiter;
		this.broker = broker;
		this.writer = writer;
		this.clock = clock;
	}

	/**
	 * Replace the text of the member's own message.
	 * @throws ParleyException VALIDATION, RATE_LIMITED or UNAVAILABLE at once; NOT_FOUND
	 * or FORBIDDEN from the future
	 */
	CompletableFuture<MessageStore.Appended> edit(ConversationMember member, @Nullable String messageId,
			@Nullable String content, @Nullable String clientMessageId) {
		UUID target = MessageIds.parse("messageId", messageId);
		MessagePublisher.validate(content, clientMessageId);
		return submit(member, LogEntry.Kind.EDIT, target, content, clientMessageId, null, false);
	}

	/**
	 * Delete the member's own message (or any, for the conversation's creator): its text
	 * and reactions are removed, a tombstone stays.
	 */
	CompletableFuture<MessageStore.Appended> delete(ConversationMember member, @Nullable String messageId,
			@Nullable String clientMessageId) {
		UUID target = MessageIds.parse("messageId", messageId);
		MessagePublisher.validateClientMessageId(clientMessageId);
		return submit(member, LogEntry.Kind.DELETE, target, null, clientMessageId, null, false);
	}

	/** Turn the member's reaction with an emoji on or off. */
	CompletableFuture<MessageStore.Appended> react(ConversationMember member, @Nullable String messageId,
			@Nullable String emoji, @Nullable Boolean on, @Nullable String clientMessageId) {
		UUID target = MessageIds.parse("messageId", messageId);
		validateEmoji(emoji);
		if (on == null) {
			throw new ParleyException(ErrorCode.VALIDATION, "on is required (true or false)");
		}
		MessagePublisher.validateClientMessageId(clientMessageId);
		return submit(member, LogEntry.Kind.REACTION, target, null, clientMessageId, emoji, on);
	}

	private CompletableFuture<MessageStore.Appended> submit(ConversationMember member, LogEntry.Kind kind, UUID target,
			@Nullable String content, @Nullable String clientMessageId, @Nullable String emoji, boolean on) {
		this.broker.require();
		this.rateLimiter.acquireMessage(member.user());
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		return this.writer
			.submit(new MessageStore.Request(kind, member.conversationId(), member.user(), ChatMessage.USER, content,
					clientMessageId, now, target, emoji, on))
			.thenApply(appended -> {
				if (appended.stored()) {
					this.metrics.changed(kind.column());
				}
				return appended;
			});
	}

	/** An emoji: one short run of visible characters, no spaces or control characters. */
	static void validateEmoji(@Nullable String emoji) {
		if (emoji == null || emoji.isEmpty()) {
			throw new ParleyException(ErrorCode.VALIDATION, "emoji is required");
		}
		if (emoji.length() > MAX_EMOJI_LENGTH || emoji.codePoints()
			.anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c))) {
			throw new ParleyException(ErrorCode.VALIDATION,
					"emoji must be 1-" + MAX_EMOJI_LENGTH + " characters without spaces or control characters");
		}
	}

}
