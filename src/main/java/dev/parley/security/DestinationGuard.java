package dev.parley.security;

import org.jspecify.annotations.Nullable;

import dev.parley.errors.ErrorCode;
import dev.parley.errors.ErrorReporter;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.security.core.Authentication;

/**
 * Decides each SUBSCRIBE and SEND once, with the {@link DestinationPolicy}. A refused
 * frame is explained to its session on {@code /user/queue/errors} (with its receipt id)
 * and dropped; the session keeps working. A granted frame carries its
 * {@link DestinationPolicy.Verdict} on, for Spring Security's authorization interceptor
 * (which passes only frames that carry one) and for the handler's
 * {@code ConversationMember} argument.
 */
public final class DestinationGuard implements ChannelInterceptor {

	/**
	 * Message header holding the verdict of a granted frame; not a STOMP header, so no
	 * client can set it.
	 */
	static final String VERDICT_HEADER = "parley.verdict";

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
		if (!verdict.granted()) {
			this.reporter.report(message, (verdict.code() != null) ? verdict.code() : ErrorCode.FORBIDDEN,
					verdict.reason());
			return null;
		}
		MessageHeaderAccessor accessor = MessageHeaderAccessor.getMutableAccessor(message);
		accessor.setHeader(VERDICT_HEADER, verdict);
		// the frame's own accessor is mutable until the channel's last interceptor: the
		// header is set in place
		return (accessor.getMessageHeaders() == message.getHeaders()) ? message
				: MessageBuilder.createMessage(message.getPayload(), accessor.getMessageHeaders());
	}

	/**
	 * The verdict the guard gave a frame it let through, or null if it never saw the
	 * frame.
	 */
	static DestinationPolicy.@Nullable Verdict verdictOf(Message<?> message) {
		return (message.getHeaders().get(VERDICT_HEADER) instanceof DestinationPolicy.Verdict verdict) ? verdict : null;
	}

}
