package dev.parley.metrics;

import io.micrometer.observation.ObservationPredicate;
import jakarta.servlet.http.HttpServletRequest;

import dev.parley.stomp.Destinations;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * The native WebSocket handshake ({@code GET /ws}, answered 101) is not timed as an HTTP
 * request: its time is the upgrade, not a request's work, and recording it would cost
 * every reconnect (docs/performance.md). Sessions are counted by
 * {@code parley.websocket.sessions}, refused connections by {@code parley.errors}. SockJS
 * requests, which carry frames, stay timed.
 */
@Configuration(proxyBeanMethods = false)
class ObservationConfig {

	private static boolean isHandshake(HttpServletRequest request) {
		return request.getRequestURI().equals(request.getContextPath() + Destinations.WEBSOCKET_PATH);
	}

	@Bean
	ObservationPredicate noHandshakeObservations() {
		return (name, context) -> !(context instanceof ServerRequestObservationContext request
				&& isHandshake(request.getCarrier()));
	}

}
