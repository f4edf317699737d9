package dev.parley.presence;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.parley.conversation.ConversationMember;
import dev.parley.conversation.ConversationService;
import dev.parley.errors.ErrorCode;
import dev.parley.errors.ParleyException;
import dev.parley.limits.RateLimiter;
import dev.parley.stomp.Accepted;
import dev.parley.stomp.SessionUser;

import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.simp.annotation.SubscribeMapping;
import org.springframework.stereotype.Controller;

/**
 * {@code SEND /app/presence {"status":"away"|"online"}} and the snapshot on
 * {@code SUBSCRIBE /app/conversation.<id>.presence}.
 */
@Controller
class PresenceController {

	private final PresenceRegistry registry;

	private final ConversationService conversations;

	private final RateLimiter rateLimiter;

	PresenceController(PresenceRegistry registry, ConversationService conversations, RateLimiter rateLimiter) {
		this.registry = registry;
		this.conversations = conversations;
		this.rateLimiter = rateLimiter;
	}

	@MessageMapping("presence")
	Accepted status(@Payload StatusCommand command, @SessionUser String user) {
		Status status = Status.fromWire(command.status());
		if (status != Status.AWAY && status != Status.ONLINE) {
			throw new ParleyException(ErrorCode.VALIDATION, "status must be \"away\" or \"online\"");
		}
		this.rateLimiter.acquireSignal(user);
		this.registry.setStatus(user, status);
		return Accepted.FRAME;
	}

	@SubscribeMapping("conversation.{id}.presence")
	PresenceSnapshot snapshot(ConversationMember member) {
		UUID conversationId = member.conversationId();
		var names = this.conversations.members(conversationId)
			.orElseThrow(() -> ConversationService.notFound(conversationId.toString()));
		var statuses = this.registry.statusOf(names);
		var members = names.stream()
			.sorted(Comparator.naturalOrder())
			.map(user -> new PresenceSnapshot.Member(user, statuses.getOrDefault(user, Status.OFFLINE)))
			.toList();
		return new PresenceSnapshot("presence-snapshot", conversationId, members,
				Instant.now().truncatedTo(ChronoUnit.MILLIS));
	}

	record StatusCommand(@Nullable String status) {
	}

}
