package dev.parley.broker;

import java.security.Principal;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeFailureException;
import org.springframework.web.socket.server.RequestUpgradeStrategy;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

/**
 * The WebSocket handshake, declining {@code permessage-deflate} unless
 * {@code parley.broker.compression} is on.
 * <p>
 * Every browser offers the extension and Tomcat accepts it by default, which gives each
 * session its own compression streams (memory for as long as it is open) and compresses
 * every frame once per subscriber; chat frames of a few hundred bytes barely shrink. The
 * measurements behind the default are in docs/performance.md, the trade in
 * docs/operations.md.
 * <p>
 * Tomcat negotiates extensions from the request's own headers, after and regardless of
 * Spring's negotiation, so the offer is declined by hiding the
 * {@code Sec-WebSocket-Extensions} header from the request that is upgraded.
 */
class CompressionHandshakeHandler extends DefaultHandshakeHandler {

	static final String EXTENSIONS_HEADER = "Sec-WebSocket-Extensions";

	CompressionHandshakeHandler(boolean compression) {
		super(compression ? new DefaultHandshakeHandler().getRequestUpgradeStrategy()
				: new WithoutCompression(new DefaultHandshakeHandler().getRequestUpgradeStrategy()));
	}

	/** The container's upgrade, for a request without its extension offer. */
	static final class WithoutCompression implements RequestUpgradeStrategy {

		private final RequestUpgradeStrategy container;

		WithoutCompression(RequestUpgradeStrategy container) {
			this.container = container;
		}

		@Override
		public String[] getSupportedVersions() {
			return this.container.getSupportedVersions();
		}

		@Override
		public List<WebSocketExtension> getSupportedExtensions(ServerHttpRequest request) {
			return List.of();
		}

		@Override
		public void upgrade(ServerHttpRequest request, ServerHttpResponse response, @Nullable String selectedProtocol,
				List<WebSocketExtension> selectedExtensions, @Nullable Principal user, WebSocketHandler wsHandler,
				Map<String, Object> attributes) throws HandshakeFailureException {
			if (request instanceof ServletServerHttpRequest servlet
					&& request.getHeaders().containsHeader(EXTENSIONS_HEADER)) {
				request = new ServletServerHttpRequest(new WithoutExtensions(servlet.getServletRequest()));
			}
			this.container.upgrade(request, response, selectedProtocol, selectedExtensions, user, wsHandler,
					attributes);
		}

	}

	/** The request as if the client had offered no extension. */
	private static final class WithoutExtensions extends HttpServletRequestWrapper {

		WithoutExtensions(HttpServletRequest request) {
			super(request);
		}

		@Override
		public @Nullable String getHeader(String name) {
			return EXTENSIONS_HEADER.equalsIgnoreCase(name) ? null : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return EXTENSIONS_HEADER.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
		}

		@Override
		public Enumeration<String> getHeaderNames() {
			return Collections.enumeration(Collections.list(super.getHeaderNames())
				.stream()
				.filter(name -> !EXTENSIONS_HEADER.equalsIgnoreCase(name))
				.toList());
		}

	}

}
