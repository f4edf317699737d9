package dev.parley.limits;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code parley.limits}; 0 switches a limit off.
 *
 * @param messagesPerMinute chat messages a user may send per minute, over all sessions
 * and HTTP (default 100)
 * @param burstPerSecond chat messages a user may send in one second (default 10)
 * @param signalsPerSecond typing and presence changes a user may send per second (default
 * 20)
 * @param sessionsPerUser concurrent STOMP sessions per user (default 10)
 * @param sessionsPerIp concurrent STOMP sessions per client address (default 200)
 * @param subscriptionsPerSession subscriptions one STOMP session may hold (default 200)
 * @param maxJsonBody the largest JSON body the HTTP API reads (default 64 KB; larger:
 * 413)
 * @param headersPerFrame headers one STOMP frame may carry (default 32; STOMP defines at
 * most six per command, clients add a few)
 * @param headerSize the longest STOMP header line, name and value (default 16 KB: a token
 * of the largest size fits)
 * @param piecesPerFrame WebSocket messages one STOMP frame may be split into (default 32;
 * a split frame costs the server its size times its pieces)
 * @param tokenSize the longest token accepted (default 8 KB, the HTTP header limit, so
 * STOMP takes no token HTTP would refuse)
 */
@ConfigurationProperties("parley.limits")
public record LimitsProperties(@DefaultValue("100") int messagesPerMinute, @DefaultValue("10") int burstPerSecond,
		@DefaultValue("20") int signalsPerSecond, @DefaultValue("10") int sessionsPerUser,
		@DefaultValue("200") int sessionsPerIp, @DefaultValue("200") int subscriptionsPerSession,
		@DefaultValue("64KB") DataSize maxJsonBody, @DefaultValue("32") int headersPerFrame,
		@DefaultValue("16KB") DataSize headerSize, @DefaultValue("32") int piecesPerFrame,
		@DefaultValue("8KB") DataSize tokenSize) {
}
