package dev.parley.metrics;

import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.simp.stomp.StompBrokerRelayMessageHandler;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.config.WebSocketMessageBrokerStats;
import org.springframework.web.socket.messaging.StompSubProtocolHandler;
import org.springframework.web.socket.messaging.SubProtocolWebSocketHandler;

/**
 * Spring's {@link WebSocketMessageBrokerStats} (logged every 30 minutes by default) as
 * gauges: {@code parley.websocket.sessions{transport}},
 * {@code parley.websocket.sessions.closed{reason}}, {@code parley.stomp.frames{command}},
 * and in relay mode {@code parley.relay.connections}.
 */
@Component
class BrokerStatsMetrics implements MeterBinder {

	private final WebSocketMessageBrokerStats stats;

	BrokerStatsMetrics(WebSocketMessageBrokerStats stats) {
		this.stats = stats;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		session(registry, "parley.websocket.sessions", "transport", "websocket",
				SubProtocolWebSocketHandler.Stats::getWebSocketSessions, "Open sessions");
		session(registry, "parley.websocket.sessions", "transport", "http-streaming",
				SubProtocolWebSocketHandler.Stats::getHttpStreamingSessions, "Open sessions");
		session(registry, "parley.websocket.sessions", "transport", "http-polling",
				SubProtocolWebSocketHandler.Stats::getHttpPollingSessions, "Open sessions");
		session(registry, "parley.websocket.sessions.closed", "reason", "limit-exceeded",
				SubProtocolWebSocketHandler.Stats::getLimitExceededSessions, "Sessions closed, by reason");
		session(registry, "parley.websocket.sessions.closed", "reason", "no-messages-received",
				SubProtocolWebSocketHandler.Stats::getNoMessagesReceivedSessions, "Sessions closed, by reason");
		session(registry, "parley.websocket.sessions.closed", "reason", "transport-error",
				SubProtocolWebSocketHandler.Stats::getTransportErrorSessions, "Sessions closed, by reason");
		stomp(registry, "connect", StompSubProtocolHandler.Stats::getTotalConnect);
		stomp(registry, "connected", StompSubProtocolHandler.Stats::getTotalConnected);
		stomp(registry, "disconnect", StompSubProtocolHandler.Stats::getTotalDisconnect);
		Gauge
			.builder("parley.relay.connections", this.stats,
					s -> valueOf(s.getStompBrokerRelayStats(), StompBrokerRelayMessageHandler.Stats::getTotalHandlers))
			.description("Open relay connections to RabbitMQ (one per client session plus the system connection); "
					+ "NaN with the simple broker")
			.register(registry);
		Gauge
			.builder("parley.relay.frames", this.stats,
					s -> valueOf(s.getStompBrokerRelayStats(), StompBrokerRelayMessageHandler.Stats::getTotalConnected))
			.description("CONNECTED frames received from RabbitMQ since start")
			.tag("command", "connected")
			.register(registry);
	}

	private void session(MeterRegistry registry, String name, String tag, String value,
			ToDoubleFunction<SubProtocolWebSocketHandler.Stats> getter, String description) {
		Gauge.builder(name, this.stats, s -> valueOf(s.getWebSocketSessionStats(), getter))
			.description(description)
			.tag(tag, value)
			.register(registry);
	}

	private void stomp(MeterRegistry registry, String command, ToDoubleFunction<StompSubProtocolHandler.Stats> getter) {
		Gauge.builder("parley.stomp.frames", this.stats, s -> valueOf(s.getStompSubProtocolStats(), getter))
			.description("STOMP frames since start, by command")
			.tag("command", command)
			.register(registry);
	}

	private static <T> double valueOf(@Nullable T stats, ToDoubleFunction<T> getter) {
		return (stats != null) ? getter.applyAsDouble(stats) : Double.NaN;
	}

}
