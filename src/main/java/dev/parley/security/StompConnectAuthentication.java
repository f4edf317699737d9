package dev.parley.security;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.parley.errors.ConnectionRefusals;
import dev.parley.errors.ErrorCode;
import dev.parley.errors.ErrorMetrics;
import dev.parley.errors.ParleyException;
import dev.parley.limits.SessionLimiter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.security.core.Authentication;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;

/**
 * Authenticates STOMP CONNECT from its {@code Authorization: Bearer <jwt>} header, then
 * admits the session under the per-user and per-address session limits, and ends it when
 * the token expires ({@link SessionLifetime}). The header is removed once read, so the
 * token travels no further (no logs, no broker).
 * <p>
 * A refusal is answered here with an ERROR frame (after which Spring closes the
 * connection) and the CONNECT is dropped. Throwing would not do: with ordered receiving,
 * Spring only logs exceptions from inbound interceptors.
 */
public final class StompConnectAuthentication implements ChannelInterceptor {

	static final String AUTHORIZATION = "Authorization";

	private final JwtService jwt;

	private final SessionLimiter sessionLimiter;

	private final ObjectProvider<MessageChannel> clientOutboundChannel;

	private final ErrorMetrics metrics;

	private final SessionLifetime lifetime;

	StompConnectAuthentication(JwtService jwt, SessionLimiter sessionLimiter,
			ObjectProvider<MessageChannel> clientOutboundChannel, ErrorMetrics metrics, SessionLifetime lifetime) {
		this.jwt = jwt;
		this.lifetime = lifetime;
		this.sessionLimiter = sessionLimiter;
		this.clientOutboundChannel = clientOutboundChannel;
		this.metrics = metrics;
	}

	@Override
	public @Nullable Message<?> preSend(Message<?> message, MessageChannel channel) {
		StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
		if (accessor == null || !(StompCommand.CONNECT.equals(accessor.getCommand())
				|| StompCommand.STOMP.equals(accessor.getCommand()))) {
			return message;
		}
		String header = accessor.getFirstNativeHeader(AUTHORIZATION);
		if (header == null) {
			header = accessor.getFirstNativeHeader("authorization");
		}
		accessor.removeNativeHeader(AUTHORIZATION);
		accessor.removeNativeHeader("authorization");
		try {
			JwtService.Verified verified = this.jwt.verify(JwtService.bearer(header));
			Authentication authentication = verified.authentication();
			this.sessionLimiter.admit(accessor.getSessionId(), authentication.getName(),
					remoteAddress(accessor.getSessionAttributes()));
			this.lifetime.expiresAt(accessor.getSessionId(), verified.expiresAt());
			accessor.setUser(authentication);
			return message;
		}
		catch (AuthenticationServiceException ex) {
			// the token may be fine: its issuer's keys could not be fetched
			return refuse(accessor, ErrorCode.UNAVAILABLE, "Unavailable: " + ex.getMessage());
		}
		catch (AuthenticationException ex) {
			return refuse(accessor, ErrorCode.UNAUTHORIZED, "Unauthorized: " + ex.getMessage());
		}
		catch (ParleyException ex) {
			return refuse(accessor, ex.code(), ex.getMessage());
		}
	}

	private @Nullable Message<?> refuse(StompHeaderAccessor connect, ErrorCode code, String text) {
		this.metrics.count(code);
		this.clientOutboundChannel.getObject()
			.send(ConnectionRefusals.errorFrame(text, connect.getSessionId(), connect.getReceipt()));
		return null;
	}

	private static String remoteAddress(@Nullable Map<String, Object> attributes) {
		Object address = (attributes != null) ? attributes.get(RemoteAddressRecorder.REMOTE_ADDRESS) : null;
		return (address != null) ? address.toString() : "unknown";
	}

}
