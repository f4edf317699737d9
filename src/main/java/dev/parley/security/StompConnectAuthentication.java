package dev.parley.security;

import java.net.InetSocketAddress;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.parley.limits.SessionLimiter;

import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.security.core.Authentication;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Authenticates STOMP CONNECT from its {@code Authorization: Bearer <jwt>} header, then admits the session under the
 * per-user and per-address session limits. A failure throws, which becomes an ERROR frame and a closed connection.
 * The header is removed once read, so the token travels no further (no logs, no broker).
 */
final class StompConnectAuthentication implements ChannelInterceptor {

	static final String AUTHORIZATION = "Authorization";

	/** Session attribute holding the client's address, recorded at the handshake. */
	static final String REMOTE_ADDRESS = "parley.remoteAddress";

	private final JwtService jwt;

	private final SessionLimiter sessionLimiter;

	StompConnectAuthentication(JwtService jwt, SessionLimiter sessionLimiter) {
		this.jwt = jwt;
		this.sessionLimiter = sessionLimiter;
	}

	@Override
	public Message<?> preSend(Message<?> message, MessageChannel channel) {
		StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
		if (accessor == null
				|| !(StompCommand.CONNECT.equals(accessor.getCommand()) || StompCommand.STOMP.equals(accessor.getCommand()))) {
			return message;
		}
		String header = accessor.getFirstNativeHeader(AUTHORIZATION);
		if (header == null) {
			header = accessor.getFirstNativeHeader("authorization");
		}
		accessor.removeNativeHeader(AUTHORIZATION);
		accessor.removeNativeHeader("authorization");
		Authentication authentication = this.jwt.authenticate(JwtService.bearer(header));
		this.sessionLimiter.admit(accessor.getSessionId(), authentication.getName(),
				remoteAddress(accessor.getSessionAttributes()));
		accessor.setUser(authentication);
		return message;
	}

	private static String remoteAddress(@Nullable Map<String, Object> attributes) {
		Object address = (attributes != null) ? attributes.get(REMOTE_ADDRESS) : null;
		return (address != null) ? address.toString() : "unknown";
	}

	/**
	 * Records the client's address at the WebSocket or SockJS handshake (behind a proxy, enable
	 * {@code server.forward-headers-strategy} so that this is the real client).
	 */
	static final class RemoteAddressRecorder implements HandshakeInterceptor {

		@Override
		public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response,
				WebSocketHandler wsHandler, Map<String, Object> attributes) {
			InetSocketAddress address = request.getRemoteAddress();
			if (address != null) {
				attributes.put(REMOTE_ADDRESS, address.getAddress() != null ? address.getAddress().getHostAddress()
						: address.getHostString());
			}
			return true;
		}

		@Override
		public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
				@Nullable Exception exception) {
		}

	}

}
