package dev.parley.security;

import org.jspecify.annotations.Nullable;

import dev.parley.errors.ErrorCode;
import dev.parley.errors.ParleyException;
import dev.parley.stomp.Accepted;
import dev.parley.stomp.SessionUser;

import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Controller;

/**
 * {@code SEND /app/session.refresh} with {@code Authorization: Bearer <new jwt>} (a
 * header, as on CONNECT; never in the body or a URL): the session lives on until the new
 * token expires. The token must name the session's user; the session keeps the roles it
 * connected with. Answered with a RECEIPT, or an error on {@code /user/queue/errors}.
 */
@Controller
class SessionController {

	private final JwtService jwt;

	private final SessionLifetime lifetime;

	SessionController(JwtService jwt, SessionLifetime lifetime) {
		this.jwt = jwt;
		this.lifetime = lifetime;
	}

	@MessageMapping("session.refresh")
	Accepted refresh(@Header(name = StompConnectAuthentication.AUTHORIZATION, required = false) @Nullable String header,
			@SessionUser String user, @Header(SimpMessageHeaderAccessor.SESSION_ID_HEADER) String sessionId) {
		JwtService.Verified verified;
		try {
			verified = this.jwt.verify(JwtService.bearer(header));
		}
		catch (AuthenticationServiceException ex) {
			throw new ParleyException(ErrorCode.UNAVAILABLE, "Refresh refused: " + ex.getMessage());
		}
		catch (AuthenticationException ex) {
			throw new ParleyException(ErrorCode.UNAUTHORIZED, "Refresh refused: " + ex.getMessage());
		}
		if (!verified.authentication().getName().equals(user)) {
			throw new ParleyException(ErrorCode.FORBIDDEN, "Refresh refused: the token is for another user");
		}
		this.lifetime.expiresAt(sessionId, verified.expiresAt());
		return Accepted.FRAME;
	}

}
