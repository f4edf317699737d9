package dev.parley.typing;

import org.jspecify.annotations.Nullable;

import dev.parley.stomp.Frames;
import dev.parley.stomp.Receipts;
import dev.parley.conversation.ConversationIds;
import dev.parley.errors.ErrorCode;
import dev.parley.errors.ParleyException;
import dev.parley.limits.RateLimiter;

import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.DestinationVariable;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.stereotype.Controller;

/**
 * {@code SEND /app/conversation.<id>.typing {"typing":true|false}}; membership is checked by the destination policy.
 */
@Controller
class TypingController {

	private final TypingTracker tracker;

	private final RateLimiter rateLimiter;

	private final Receipts receipts;

	TypingController(TypingTracker tracker, RateLimiter rateLimiter, Receipts receipts) {
		this.tracker = tracker;
		this.rateLimiter = rateLimiter;
		this.receipts = receipts;
	}

	@MessageMapping("conversation.{id}.typing")
	void typing(@DestinationVariable String id, @Payload TypingCommand command,
			@Header(SimpMessageHeaderAccessor.SESSION_ID_HEADER) String sessionId, Message<?> frame) {
		if (command.typing() == null) {
			throw new ParleyException(ErrorCode.VALIDATION, "typing must be true or false");
		}
		String user = Frames.user(frame);
		this.rateLimiter.acquireSignal(user);
		this.tracker.update(ConversationIds.parse(id), user, sessionId, command.typing());
		this.receipts.confirm(frame);
	}

	record TypingCommand(@Nullable Boolean typing) {
	}

}
