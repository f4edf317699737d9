package dev.parley.frontend;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * Lets a test do to the browser what a restarting node or a load balancer does: close
 * every client connection from the server side (close code 1012, service restart) and
 * turn new handshakes away (503) until it is "back".
 */
@TestConfiguration(proxyBeanMethods = false)
class ServerSockets implements WebSocketMessageBrokerConfigurer {

	private final Set<WebSocketSession> sessions = ConcurrentHashMap.newKeySet();

	private volatile boolean down;

	@Override
	public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
		registration.addDecoratorFactory(this::tracking);
	}

	private WebSocketHandler tracking(WebSocketHandler handler) {
		return new WebSocketHandlerDecorator(handler) {
			@Override
			public void afterConnectionEstablished(WebSocketSession session) throws Exception {
				ServerSockets.this.sessions.add(session);
				super.afterConnectionEstablished(session);
			}

			@Override
			public void afterConnectionClosed(WebSocketSession session, CloseStatus status) throws Exception {
				ServerSockets.this.sessions.remove(session);
				super.afterConnectionClosed(session, status);
			}
		};
	}

	/** Closes every open connection and refuses new ones until {@link #comeBack()}. */
	void goDown() throws IOException {
		this.down = true;
		for (WebSocketSession session : this.sessions) {
			session.close(CloseStatus.SERVICE_RESTARTED);
		}
	}

	void comeBack() {
		this.down = false;
	}

	int openConnections() {
		return this.sessions.size();
	}

	@Bean
	OncePerRequestFilter refuseHandshakesWhileDown() {
		return new OncePerRequestFilter() {
			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
					throws ServletException, IOException {
				String path = request.getRequestURI();
				if (ServerSockets.this.down && (path.startsWith("/ws") || path.startsWith("/sockjs"))) {
					response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
					return;
				}
				chain.doFilter(request, response);
			}
		};
	}

}
