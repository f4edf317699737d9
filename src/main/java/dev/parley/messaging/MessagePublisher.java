package dev.parley.messaging;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.jspecify.annotations.Nullable;

import dev.parley.broker.BrokerAvailability;
import dev.parley.conversation.ConversationMember;
import dev.parley.conversation.ConversationService;
import dev.parley.errors.ErrorCode;
import dev.parley.errors.ParleyException;
import dev.parley.limits.RateLimiter;
import dev.parley.metrics.MessageMetrics;
import dev.parley.metrics.MessageMetrics.Transport;

import org.springframework.stereotype.Service;

/**
 * The one way a chat message enters Parley, whether from a STOMP client, the HTTP API,
 * AMQP or backend code: validation, broker availability, rate limit, then storage with
 * the next seq (committed, in a group commit) and publication to
 * {@code /topic/conversation.<id>} by the {@link MessageWriter}. Callers send their
 * RECEIPT or HTTP answer after this returns, so an acknowledged message is always stored.
 */
@Service
public class MessagePublisher {

	/** Longest message content, in characters (code points). */
	public static final int MAX_CONTENT_LENGTH = 10_000;

	/** Longest client-chosen message id. */
	public static final int MAX_CLIENT_MESSAGE_ID_LENGTH = 100;

	private final ConversationService conversations;

	private final RateLimiter rateLimiter;

	private final MessageMetrics metrics;

	private final Clock clock;

	private final BrokerAvailability broker;

	private final MessageWriter writer;

	MessagePublisher(ConversationService conversations, RateLimiter rateLimiter, MessageMetrics metrics,
			BrokerAvailability broker, MessageWriter writer, Clock clock) {
		this.broker = broker;
		this.writer = writer;
		this.conversations = conversations;
		this.rateLimiter = rateLimiter;
		this.metrics = metrics;
		this.clock = clock;
	}

	/**
	 * Publish a message from a member of the conversation, once it is stored.
	 * @throws ParleyException NOT_FOUND, FORBIDDEN, RATE_LIMITED or VALIDATION
	 */
	public ChatMessage publishFromMember(UUID conversationId, String sender, @Nullable String content,
			@Nullable String clientMessageId, Transport transport) {
		return publishFromMember(conversationId, sender, content, clientMessageId, null, transport);
	}

	/**
	 * Publish a message from a member, replying to {@code replyTo} if given.
	 * @throws ParleyException NOT_FOUND, FORBIDDEN, RATE_LIMITED or VALIDATION
	 */
	public ChatMessage publishFromMember(UUID conversationId, String sender, @Nullable String content,
			@Nullable String clientMessageId, @Nullable UUID replyTo, Transport transport) {
		return join(submit(this.conversations.requireMember(conversationId, sender), content, clientMessageId, replyTo,
				transport));
	}

	/**
	 * Submit a message from a member without waiting for the commit: refusals are thrown
	 * at once; the future completes when the message is stored and published, or with the
	 * store's failure. STOMP SENDs take this path, so an inbound thread is not held for a
	 * commit and commits gather more messages under load.
	 * @throws ParleyException RATE_LIMITED, VALIDATION or UNAVAILABLE
	 */
	public CompletableFuture<ChatMessage> submit(ConversationMember member, @Nullable String content,
			@Nullable String clientMessageId, Transport transport) {
		return submit(member, content, clientMessageId, null, transport);
	}

	/**
	 * As {@link #submit(ConversationMember, String, String, Transport)}, replying to a
	 * message of the conversation when {@code replyTo} is given (NOT_FOUND from the
	 * future if there is no such message, or it was deleted).
	 */
	public CompletableFuture<ChatMessage> submit(ConversationMember member, @Nullable String content,
			@Nullable String clientMessageId, @Nullable UUID replyTo, Transport transport) {
		return submit(member.conversationId(), member.user(), content, clientMessageId, replyTo, transport,
				ChatMessage.USER);
	}

	/**
	 * Publish a message from a backend service, which need not be a member.
	 * @throws ParleyException NOT_FOUND, RATE_LIMITED or VALIDATION
	 */
	public ChatMessage publishFromService(UUID conversationId, String service, @Nullable String content,
			@Nullable String clientMessageId, Transport transport) {
		return publishFromService(conversationId, service, content, clientMessageId, null, transport);
	}

	/**
	 * Publish a message from a backend service, replying to {@code replyTo} if given.
	 * @throws ParleyException NOT_FOUND, RATE_LIMITED or VALIDATION
	 */
	public ChatMessage publishFromService(UUID conversationId, String service, @Nullable String content,
			@Nullable String clientMessageId, @Nullable UUID replyTo, Transport transport) {
		this.conversations.requireExists(conversationId);
		return join(submit(conversationId, service, content, clientMessageId, replyTo, transport, ChatMessage.SERVICE));
	}

	private static ChatMessage join(CompletableFuture<ChatMessage> published) {
		try {
			return published.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw ex;
		}
	}

	private CompletableFuture<ChatMessage> submit(UUID conversationId, String sender, @Nullable String content,
			@Nullable String clientMessageId, @Nullable UUID replyTo, Transport transport, String senderType) {
		long start = System.nanoTime();
		validate(content, clientMessageId);
		this.broker.require();
		if (transport != Transport.AMQP) {
			// services publishing over AMQP hold broker credentials; RabbitMQ's own flow
			// control limits them
			this.rateLimiter.acquireMessage(sender);
		}
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		// stored (and committed) before anyone hears of it; a repeated clientMessageId
		// returns the stored one
		return this.writer
			.submit(new MessageStore.Request(LogEntry.Kind.MESSAGE, conversationId, sender, senderType, content,
					clientMessageId, now, replyTo, null, false))
			.thenApply(appended -> {
				if (appended.stored()) {
					this.metrics.stored(transport, conversationId, System.nanoTime() - start);
				}
				return appended.message();
			});
	}

	static void validate(@Nullable String content, @Nullable String clientMessageId) {
		validateContent(content);
		validateClientMessageId(clientMessageId);
	}

	static void validateContent(@Nullable String content) {
		if (content == null) {
			throw new ParleyException(ErrorCode.VALIDATION, "content is required");
		}
		if (content.isBlank()) {
			throw new ParleyException(ErrorCode.VALIDATION, "content must not be empty");
		}
		int length = content.codePointCount(0, content.length());
		if (length > MAX_CONTENT_LENGTH) {
			throw new ParleyException(ErrorCode.VALIDATION,
					"content is " + length + " characters; the limit is " + MAX_CONTENT_LENGTH);
		}
	}

	static void validateClientMessageId(@Nullable String clientMessageId) {
		if (clientMessageId != null
				&& (clientMessageId.isEmpty() || clientMessageId.length() > MAX_CLIENT_MESSAGE_ID_LENGTH
						|| clientMessageId.chars().anyMatch(Character::isISOControl))) {
			throw new ParleyException(ErrorCode.VALIDATION, "clientMessageId must be 1-" + MAX_CLIENT_MESSAGE_ID_LENGTH
					+ " characters without control characters");
		}
	}

}
