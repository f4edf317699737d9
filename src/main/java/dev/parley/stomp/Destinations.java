package dev.parley.stomp;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The one place that knows Parley's destination names. Destinations use {@code .} as
 * separator so that they map one-to-one onto RabbitMQ routing keys
 * ({@code /topic/conversation.<id>} is {@code amq.topic} with routing key
 * {@code conversation.<id>}).
 */
public final class Destinations {

	/**
	 * The native WebSocket endpoint (its handshake is an HTTP request; SockJS has its own
	 * under {@code /sockjs}).
	 */
	public static final String WEBSOCKET_PATH = "/ws";

	public static final String APP_PREFIX = "/app";

	public static final String TOPIC_PREFIX = "/topic";

	public static final String QUEUE_PREFIX = "/queue";

	public static final String USER_PREFIX = "/user";

	/** Where a session presents a fresh token before its own expires. */
	public static final String SESSION_REFRESH = APP_PREFIX + "/session.refresh";

	/** Private queues a user may subscribe to under {@code /user}. */
	public static final String ERRORS_QUEUE = "/queue/errors";

	public static final String NOTIFICATIONS_QUEUE = "/queue/notifications";

	public static final String FILES_QUEUE = "/queue/files";

	public static final String CONVERSATIONS_QUEUE = "/queue/conversations";

	/**
	 * Where every node publishes its own figures once a second for the live admin view;
	 * only ADMIN may subscribe. Shared across nodes like a conversation's topics (routing
	 * key {@code admin.stats} on {@code amq.topic}).
	 */
	public static final String ADMIN_STATS = TOPIC_PREFIX + "/admin.stats";

	private static final Pattern UUID_TEXT = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	/**
	 * {@code conversation.<id>}, optionally {@code .doc.<docId>}, optionally followed by
	 * {@code .<channel>}, where the ids are anything but a dot.
	 */
	private static final Pattern CONVERSATION = Pattern
		.compile("conversation\\.([^.]+)(?:\\.doc\\.([^.]+))?(?:\\.([a-z]+))?");

	private Destinations() {
	}

	public static String messagesTopic(UUID conversationId) {
		return TOPIC_PREFIX + "/conversation." + conversationId;
	}

	public static String typingTopic(UUID conversationId) {
		return messagesTopic(conversationId) + ".typing";
	}

	public static String presenceTopic(UUID conversationId) {
		return messagesTopic(conversationId) + ".presence";
	}

	/** Where members' read positions are broadcast. */
	public static String readTopic(UUID conversationId) {
		return messagesTopic(conversationId) + ".read";
	}

	/** Where a document's ops are broadcast. */
	public static String documentTopic(UUID conversationId, UUID documentId) {
		return messagesTopic(conversationId) + ".doc." + documentId;
	}

	/** Where a document's cursors are broadcast. */
	public static String documentCursorsTopic(UUID conversationId, UUID documentId) {
		return documentTopic(conversationId, documentId) + ".cursors";
	}

	/**
	 * The RabbitMQ routing key of a conversation destination under {@code /topic}
	 * ({@code conversation.<id>[.typing|.presence|.doc.<docId>[.cursors]]} on
	 * {@code amq.topic}, as the relay routes it), or null for any other destination.
	 */
	public static @Nullable String conversationRoutingKey(@Nullable String destination) {
		String prefix = TOPIC_PREFIX + "/conversation.";
		return (destination != null && destination.startsWith(prefix))
				? destination.substring(TOPIC_PREFIX.length() + 1) : null;
	}

	/**
	 * The RabbitMQ routing key of a {@code /topic} destination that every node of a
	 * cluster shares: a conversation's ({@link #conversationRoutingKey}) or
	 * {@link #ADMIN_STATS}; null for any other destination.
	 */
	public static @Nullable String clusterRoutingKey(@Nullable String destination) {
		if (ADMIN_STATS.equals(destination)) {
			return ADMIN_STATS.substring(TOPIC_PREFIX.length() + 1);
		}
		return conversationRoutingKey(destination);
	}

	/** The {@code /topic} destination of a routing key on {@code amq.topic}. */
	public static String topic(String routingKey) {
		return TOPIC_PREFIX + "/" + routingKey;
	}

	/**
	 * True if the destination holds a character that a broker could read as a pattern.
	 */
	public static boolean isPattern(String destination) {
		return destination.indexOf('*') >= 0 || destination.indexOf('#') >= 0 || destination.indexOf('>') >= 0
				|| destination.indexOf('?') >= 0 || destination.indexOf('{') >= 0;
	}

	/**
	 * Parse {@code <prefix>/conversation.<id>[.<channel>]}.
	 * @return empty if the destination is not a conversation destination under the prefix
	 */
	public static Optional<ConversationDestination> parse(String prefix, @Nullable String destination) {
		if (destination == null || !destination.startsWith(prefix + "/")) {
			return Optional.empty();
		}
		Matcher matcher = CONVERSATION.matcher(destination.substring(prefix.length() + 1));
		if (!matcher.matches()) {
			return Optional.empty();
		}
		String documentId = matcher.group(2);
		Channel channel = Channel.of(matcher.group(3), documentId != null);
		if (channel == null) {
			return Optional.empty();
		}
		String id = matcher.group(1);
		return Optional.of(new ConversationDestination(id, uuid(id), channel, documentId, uuid(documentId)));
	}

	private static @Nullable UUID uuid(@Nullable String text) {
		return (text != null && UUID_TEXT.matcher(text).matches()) ? UUID.fromString(text) : null;
	}

	/** What a conversation destination is for. */
	public enum Channel {

		/**
		 * {@code conversation.<id>}: messages; on {@code /app}, the suffix {@code .send}.
		 */
		MESSAGES(null, false), SEND("send", false), TYPING("typing", false), PRESENCE("presence", false),

		/**
		 * On {@code /app}: {@code .edit}, {@code .delete} and {@code .react} change a
		 * message; {@code .read} marks the conversation read, and on {@code /topic} it
		 * carries the members' read positions.
		 */
		EDIT("edit", false), DELETE("delete", false), REACT("react", false), READ("read", false),

		/**
		 * {@code conversation.<id>.doc.<docId>}: a document's ops; on {@code /app}, the
		 * suffixes {@code .op} and {@code .cursor}; its cursors on {@code .cursors}.
		 */
		DOCUMENT(null, true), DOCUMENT_OP("op", true), DOCUMENT_CURSOR("cursor", true),
		DOCUMENT_CURSORS("cursors", true);

		private final @Nullable String suffix;

		private final boolean document;

		Channel(@Nullable String suffix, boolean document) {
			this.suffix = suffix;
			this.document = document;
		}

		/** True for a document's channels. */
		public boolean document() {
			return this.document;
		}

		static @Nullable Channel of(@Nullable String suffix, boolean document) {
			for (Channel channel : values()) {
				if (java.util.Objects.equals(channel.suffix, suffix) && channel.document == document) {
					return channel;
				}
			}
			return null;
		}

	}

	/**
	 * A parsed conversation destination.
	 *
	 * @param rawId the id as written
	 * @param id the id, or null when the raw id is not a UUID (so no such conversation
	 * can exist)
	 * @param channel what the destination carries
	 * @param rawDocumentId for a document's channel, the document id as written
	 * @param documentId the document id, or null when there is none or it is not a UUID
	 */
	public record ConversationDestination(String rawId, @Nullable UUID id, Channel channel,
			@Nullable String rawDocumentId, @Nullable UUID documentId) {
	}

}
