package dev.parley.broker;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings under {@code parley.broker}.
 *
 * @param mode {@code simple} (default: Spring's in-memory broker, one node),
 * {@code relay} (RabbitMQ's STOMP plugin, a broker connection per client session) or
 * {@code bridge} (each node's own broker, sharing conversations through RabbitMQ once per
 * node)
 * @param heartbeat STOMP heartbeat both ways (default 10 s); a client silent for about 3
 * beats is disconnected
 * @param messageSizeLimit largest inbound STOMP frame (default 128 KB: a 10,000-character
 * message fits even when every character is JSON-escaped); larger frames get an ERROR
 * frame and the connection is closed
 * @param sendBufferSizeLimit outbound bytes buffered for one slow client before it is
 * disconnected (default 1 MB)
 * @param sendTimeLimit how long one send to a slow client may take before it is
 * disconnected (default 10 s)
 * @param timeToFirstMessage how long a new socket may stay silent before sending CONNECT
 * (default 30 s)
 * @param relay the RabbitMQ STOMP relay, used when {@code mode} is {@code relay}
 * @param inboundThreads threads of the pool that handles client frames (default 32: a
 * frame may wait on the database); 0 handles each frame on the container thread that read
 * it, one hand-off fewer per frame (not the default: not measured better, and in a
 * connect storm all the container's threads may then wait on the database pool at once)
 * @param compression whether a client's offer of WebSocket compression
 * ({@code permessage-deflate}, which every browser makes) is accepted (default false: per
 * session compression state and work per subscriber for frames that barely shrink;
 * docs/operations.md)
 */
@ConfigurationProperties("parley.broker")
public record BrokerProperties(@DefaultValue("simple") Mode mode, @DefaultValue("10s") Duration heartbeat,
		@DefaultValue("128KB") DataSize messageSizeLimit, @DefaultValue("1MB") DataSize sendBufferSizeLimit,
		@DefaultValue("10s") Duration sendTimeLimit, @DefaultValue("30s") Duration timeToFirstMessage,
		@DefaultValue Relay relay, @DefaultValue("32") int inboundThreads, @DefaultValue("false") boolean compression) {

	/**
	 * The relay to RabbitMQ's STOMP plugin. Host and virtual host come from
	 * {@code spring.rabbitmq.host} and {@code spring.rabbitmq.virtual-host}; logins
	 * default to {@code spring.rabbitmq.username/password}.
	 *
	 * @param port the STOMP plugin's port (default 61613)
	 * @param clientLogin login for the broker connection of each client session
	 * @param clientPasscode its passcode
	 * @param systemLogin login for the node's shared "system" connection (server-side
	 * publishing)
	 * @param systemPasscode its passcode
	 */
	public record Relay(@DefaultValue("61613") int port, @org.jspecify.annotations.Nullable String clientLogin,
			@org.jspecify.annotations.Nullable String clientPasscode,
			@org.jspecify.annotations.Nullable String systemLogin,
			@org.jspecify.annotations.Nullable String systemPasscode) {
	}

	/** Which broker carries {@code /topic} and {@code /queue}. */
	public enum Mode {

		SIMPLE, RELAY, BRIDGE

	}

}
