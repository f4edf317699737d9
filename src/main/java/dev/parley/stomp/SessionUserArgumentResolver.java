package dev.parley.stomp;

import java.security.Principal;

import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.annotation.support.MissingSessionUserException;

/**
 * Resolves a {@link SessionUser @SessionUser} {@code String} to the name of the frame's
 * authenticated user, failing as Spring's own {@code Principal} resolver does when the
 * frame has none.
 * <p>
 * Handlers take the name this way rather than as a {@code Principal} parameter: Spring's
 * resolver for that asks the parameter for its nullness annotations, by reflection, on
 * every call (docs/performance.md).
 */
public final class SessionUserArgumentResolver implements HandlerMethodArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.hasParameterAnnotation(SessionUser.class) && parameter.getParameterType() == String.class;
	}

	@Override
	public String resolveArgument(MethodParameter parameter, Message<?> message) {
		return user(message);
	}

	/** The name of the frame's authenticated user. */
	static String user(Message<?> frame) {
		Principal user = SimpMessageHeaderAccessor.getUser(frame.getHeaders());
		if (user == null) {
			throw new MissingSessionUserException(frame);
		}
		return user.getName();
	}

}
