package dev.parley.security;

import dev.parley.conversation.ConversationMember;
import dev.parley.errors.ErrorCode;
import dev.parley.errors.ParleyException;

import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;

/**
 * Resolves a {@link ConversationMember} handler parameter from the verdict the
 * {@link DestinationGuard} gave the frame, so that a handler of a conversation
 * destination acts for a member without checking membership again.
 */
public final class ConversationMemberArgumentResolver implements HandlerMethodArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.getParameterType() == ConversationMember.class;
	}

	@Override
	public ConversationMember resolveArgument(MethodParameter parameter, Message<?> message) {
		DestinationPolicy.Verdict verdict = DestinationGuard.verdictOf(message);
		if (verdict == null || verdict.member() == null) {
			// not a conversation destination the guard granted: the pipeline is
			// misconfigured
			throw new ParleyException(ErrorCode.FORBIDDEN, "Not allowed");
		}
		return verdict.member();
	}

}
