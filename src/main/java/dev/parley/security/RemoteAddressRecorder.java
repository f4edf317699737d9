package dev.parley.security;

import java.net.InetSocketAddress;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Records the client's address at the WebSocket or SockJS handshake, for the per-address
 * session limit on CONNECT (behind a proxy, enable
 * {@code server.forward-headers-strategy} so that this is the real client).
 */
final class RemoteAddressRecorder implements HandshakeInterceptor {

	/** Session attribute holding the client's address. */
	static final String REMOTE_ADDRESS = "parley.remoteAddress";

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			Map<String, Object> attributes) {
		InetSocketAddress address = request.getRemoteAddress();
		if (address != null) {
			attributes.put(REMOTE_ADDRESS,
					address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString());
		}
		return true;
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			@Nullable Exception exception) {
	}

}
