package dev.parley.presence;

import org.jspecify.annotations.Nullable;

import dev.parley.conversation.ConversationMember;
import dev.parley.errors.ErrorCode;
import dev.parley.errors.ParleyException;
import dev.parley.limits.RateLimiter;
import dev.parley.stomp.Accepted;
import dev.parley.stomp.Required;
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

	private final RateLimiter rateLimiter;

	PresenceController(PresenceRegistry registry, RateLimiter rateLimiter) {
		this.registry = registry;
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
		return this.registry.snapshot(member.conversationId());
	}

	record StatusCommand(@Required @Nullable String status) {
	}

}
