package dev.parley.security;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.parley.stomp.Destinations;
import dev.parley.stomp.Destinations.Channel;
import dev.parley.stomp.Destinations.ConversationDestination;
import dev.parley.conversation.Access;
import dev.parley.conversation.ConversationMember;
import dev.parley.conversation.ConversationService;
import dev.parley.errors.ErrorCode;

import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Which SUBSCRIBE and SEND frames are allowed; everything not listed here is refused.
 * <ul>
 * <li>SUBSCRIBE {@code /topic/conversation.<id>}, {@code .typing}, {@code .presence},
 * {@code .read} and {@code /app/conversation.<id>.presence}: members only.</li>
 * <li>SUBSCRIBE {@code /user/queue/errors}, {@code /user/queue/notifications},
 * {@code /user/queue/files}, {@code /user/queue/conversations}: anyone signed in (the
 * broker gives each session its own queue).</li>
 * <li>SUBSCRIBE {@code /topic/admin.stats} (every node's figures for the live admin
 * view): ADMIN only; anyone else is refused with FORBIDDEN, "Admins only".</li>
 * <li>SUBSCRIBE {@code /topic/conversation.<id>.doc.<docId>} and {@code .cursors}, SEND
 * {@code /app/conversation.<id>.doc.<docId>.op} and {@code .cursor}: members, and SERVICE
 * accounts (which edit documents without being members); the handler checks that the
 * document is the conversation's.</li>
 * <li>SEND {@code /app/conversation.<id>.send}, {@code .edit}, {@code .delete},
 * {@code .react}, {@code .read} and {@code .typing}: members only (the handler checks
 * whose message it is); {@code /app/presence} and {@code /app/session.refresh}: anyone
 * signed in.</li>
 * <li>Wildcards and patterns ({@code * # > ?}), SENDs to {@code /topic}, {@code /queue}
 * or {@code /user} (so nobody, not even an admin, sends to {@code /topic/admin.stats}),
 * and unknown destinations are refused.</li>
 * </ul>
 * The {@link DestinationGuard} asks once per frame; the verdict explains a refusal to the
 * client (FORBIDDEN versus NOT_FOUND) and, for a conversation destination, names the
 * {@link ConversationMember} the frame's handler acts for.
 */
@Component
public class DestinationPolicy {

	private static final Set<String> PRIVATE_QUEUES = Set.of(Destinations.ERRORS_QUEUE,
			Destinations.NOTIFICATIONS_QUEUE, Destinations.FILES_QUEUE, Destinations.CONVERSATIONS_QUEUE);

	/** The {@code /topic} channels members subscribe to. */
	private static final Set<Channel> TOPICS = EnumSet.of(Channel.MESSAGES, Channel.TYPING, Channel.PRESENCE,
			Channel.READ, Channel.DOCUMENT, Channel.DOCUMENT_CURSORS);

	/** The {@code /app} channels members send to. */
	private static final Set<Channel> SENDS = EnumSet.of(Channel.SEND, Channel.EDIT, Channel.DELETE, Channel.REACT,
			Channel.READ, Channel.TYPING, Channel.DOCUMENT_OP, Channel.DOCUMENT_CURSOR);

	private final ConversationService conversations;

	DestinationPolicy(ConversationService conversations) {
		this.conversations = conversations;
	}

	public Verdict decide(@Nullable Authentication authentication, Message<?> message) {
		SimpMessageType type = SimpMessageHeaderAccessor.getMessageType(message.getHeaders());
		String destination = SimpMessageHeaderAccessor.getDestination(message.getHeaders());
		return decide(authentication, type, destination);
	}

	public Verdict decide(@Nullable Authentication authentication, @Nullable SimpMessageType type,
			@Nullable String destination) {
		if (authentication == null || !authentication.isAuthenticated()) {
			return Verdict.deny(ErrorCode.UNAUTHORIZED, "Not signed in");
		}
		if (type != SimpMessageType.SUBSCRIBE && type != SimpMessageType.MESSAGE) {
			return Verdict.deny(ErrorCode.FORBIDDEN, "Frame type not allowed here");
		}
		boolean subscribe = (type == SimpMessageType.SUBSCRIBE);
		String verb = subscribe ? "SUBSCRIBE" : "SEND";
		if (destination == null || destination.isEmpty()) {
			return Verdict.deny(ErrorCode.BAD_REQUEST, verb + " needs a destination header");
		}
		if (Destinations.isPattern(destination)) {
			return Verdict.deny(ErrorCode.FORBIDDEN, "Wildcard and pattern destinations are not allowed");
		}
		Caller caller = new Caller(authentication.getName(), Role.SERVICE.heldBy(authentication),
				Role.ADMIN.heldBy(authentication));
		return subscribe ? subscribe(caller, destination) : send(caller, destination);
	}

	private Verdict subscribe(Caller user, String destination) {
		if (destination.startsWith(Destinations.USER_PREFIX + "/")) {
			String queue = destination.substring(Destinations.USER_PREFIX.length());
			return PRIVATE_QUEUES.contains(queue) ? Verdict.GRANTED
					: Verdict.deny(ErrorCode.NOT_FOUND, "Unknown destination " + abbreviate(destination));
		}
		if (destination.equals(Destinations.ADMIN_STATS)) {
			return user.admin() ? Verdict.GRANTED : Verdict.deny(ErrorCode.FORBIDDEN,
					"Admins only: " + Destinations.ADMIN_STATS + " needs the ADMIN role");
		}
		Optional<ConversationDestination> topic = Destinations.parse(Destinations.TOPIC_PREFIX, destination);
		if (topic.isPresent() && TOPICS.contains(topic.get().channel())) {
			return member(user, topic.get());
		}
		Optional<ConversationDestination> app = Destinations.parse(Destinations.APP_PREFIX, destination);
		if (app.isPresent() && app.get().channel() == Channel.PRESENCE) {
			return member(user, app.get());
		}
		return Verdict.deny(ErrorCode.NOT_FOUND, "Unknown destination " + abbreviate(destination));
	}

	private Verdict send(Caller user, String destination) {
		if (destination.startsWith(Destinations.TOPIC_PREFIX + "/")
				|| destination.startsWith(Destinations.QUEUE_PREFIX + "/")
				|| destination.startsWith(Destinations.USER_PREFIX + "/")) {
			return Verdict.deny(ErrorCode.FORBIDDEN,
					"Clients cannot send to broker destinations; " + "send to /app/conversation.<id>.send instead");
		}
		if (destination.equals(Destinations.APP_PREFIX + "/presence")
				|| destination.equals(Destinations.SESSION_REFRESH)) {
			return Verdict.GRANTED;
		}
		Optional<ConversationDestination> app = Destinations.parse(Destinations.APP_PREFIX, destination);
		if (app.isPresent() && SENDS.contains(app.get().channel())) {
			return member(user, app.get());
		}
		return Verdict.deny(ErrorCode.NOT_FOUND, "Unknown destination " + abbreviate(destination));
	}

	private Verdict member(Caller caller, ConversationDestination destination) {
		if (destination.id() == null) {
			return Verdict.deny(ErrorCode.NOT_FOUND, "No conversation " + abbreviate(destination.rawId()));
		}
		if (destination.channel().document() && destination.documentId() == null) {
			return Verdict.deny(ErrorCode.NOT_FOUND, "No document " + abbreviate(destination.rawDocumentId()));
		}
		Access access = this.conversations.access(destination.id(), caller.name());
		// backend services and bots read and edit documents without being members
		if (access == Access.NOT_MEMBER && caller.service() && destination.channel().document()) {
			access = Access.MEMBER;
		}
		return switch (access) {
			case MEMBER -> Verdict.member(new ConversationMember(destination.id(), caller.name()));
			case NOT_MEMBER ->
				Verdict.deny(ErrorCode.FORBIDDEN, "You are not a member of conversation " + destination.id());
			case NOT_FOUND -> Verdict.deny(ErrorCode.NOT_FOUND, "No conversation " + destination.id());
		};
	}

	private static String abbreviate(@Nullable String text) {
		if (text == null) {
			return "";
		}
		return text.length() <= 120 ? text : text.substring(0, 120) + "…";
	}

	private record Caller(String name, boolean service, boolean admin) {
	}

	/**
	 * An authorization decision with the reason a refused client is told.
	 *
	 * @param granted whether the frame may pass
	 * @param code why not (null when granted)
	 * @param reason the words a refused client is told
	 * @param member for a granted conversation destination, the member the frame acts for
	 */
	public record Verdict(boolean granted, @Nullable ErrorCode code, String reason,
			@Nullable ConversationMember member) implements AuthorizationResult {

		static final Verdict GRANTED = new Verdict(true, null, "allowed", null);

		static Verdict deny(ErrorCode code, String reason) {
			return new Verdict(false, code, reason, null);
		}

		static Verdict member(ConversationMember member) {
			return new Verdict(true, null, "allowed", member);
		}

		@Override
		public boolean isGranted() {
			return this.granted;
		}

	}

}
