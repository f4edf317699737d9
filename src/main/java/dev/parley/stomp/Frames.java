package dev.parley.stomp;

import java.security.Principal;

import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.annotation.support.MissingSessionUserException;

/**
 * What {@code @MessageMapping} handlers read from the client frame itself.
 * <p>
 * Handlers take the frame ({@code Message<?>}) and ask here for its user rather than declaring a {@code Principal}
 * parameter: Spring's {@code PrincipalMethodArgumentResolver} asks {@code MethodParameter.isOptional()} on every call,
 * which looks up the parameter's nullness annotations by reflection each time — 7 % of Parley's CPU samples in a
 * relay-mode fan-out profile (docs/performance.md).
 */
public final class Frames {

	private Frames() {
	}

	/** The name of the frame's authenticated user; the same failure as Spring's resolver when there is none. */
	public static String user(Message<?> frame) {
		Principal user = SimpMessageHeaderAccessor.getUser(frame.getHeaders());
		if (user == null) {
			throw new MissingSessionUserException(frame);
		}
		return user.getName();
	}

}
