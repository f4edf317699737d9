package dev.parley.typing;

import org.jspecify.annotations.Nullable;

import dev.parley.conversation.ConversationMember;
import dev.parley.errors.ErrorCode;
import dev.parley.errors.ParleyException;
import dev.parley.limits.RateLimiter;
import dev.parley.stomp.Accepted;
import dev.parley.stomp.Required;

import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.stereotype.Controller;

/**
 * {@code SEND /app/conversation.<id>.typing {"typing":true|false}}.
 */
@Controller
class TypingController {

	private final TypingTracker tracker;

	private final RateLimiter rateLimiter;

	TypingController(TypingTracker tracker, RateLimiter rateLimiter) {
		this.tracker = tracker;
		this.rateLimiter = rateLimiter;
	}

	@MessageMapping("conversation.{id}.typing")
	Accepted typing(ConversationMember member, @Payload TypingCommand command,
			@Header(SimpMessageHeaderAccessor.SESSION_ID_HEADER) String sessionId) {
		if (command.typing() == null) {
			throw new ParleyException(ErrorCode.VALIDATION, "typing must be true or false");
		}
		this.rateLimiter.acquireSignal(member.user());
		this.tracker.update(member.conversationId(), member.user(), sessionId, command.typing());
		return Accepted.FRAME;
	}

	record TypingCommand(@Required @Nullable Boolean typing) {
	}

}
