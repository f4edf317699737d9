package dev.parley.security;

import org.jspecify.annotations.Nullable;

import dev.parley.errors.ErrorCode;
import dev.parley.errors.ErrorReporter;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.security.core.Authentication;

/**
 * Applies the {@link DestinationPolicy} to SUBSCRIBE and SEND before Spring Security does, so that a refused frame is
 * explained to its session on {@code /user/queue/errors} (with its receipt id) and then dropped, and the session
 * keeps working. Spring Security's authorization interceptor, which runs next with the same policy, stays as the
 * deny-by-default backstop for every frame.
 */
final class DestinationGuard implements ChannelInterceptor {

	private final DestinationPolicy policy;

	private final ErrorReporter reporter;

	DestinationGuard(DestinationPolicy policy, ErrorReporter reporter) {
		this.policy = policy;
		this.reporter = reporter;
	}

	@Override
	public @Nullable Message<?> preSend(Message<?> message, MessageChannel channel) {
		SimpMessageType type = SimpMessageHeaderAccessor.getMessageType(message.getHeaders());
		if (type != SimpMessageType.SUBSCRIBE && type != SimpMessageType.MESSAGE) {
			return message;
		}
		Authentication user = (SimpMessageHeaderAccessor.getUser(message.getHeaders()) instanceof Authentication a) ? a
				: null;
		DestinationPolicy.Verdict verdict = this.policy.decide(user, message);
		if (verdict.granted()) {
			return message;
		}
		this.reporter.report(message, (verdict.code() != null) ? verdict.code() : ErrorCode.FORBIDDEN,
				verdict.reason());
		return null;
	}

}
