package dev.parley.admin;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.parley.broker.BrokerAvailability;
import dev.parley.errors.ErrorMetrics;
import dev.parley.metrics.MessageMetrics;
import dev.parley.metrics.RecentMessages;
import dev.parley.presence.PresenceFigures;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.config.WebSocketMessageBrokerStats;
import org.springframework.web.socket.messaging.SubProtocolWebSocketHandler;

/**
 * Takes this node's figures ({@link AdminStats}) from the meters and trackers that
 * already keep them; the rates are over the time since the previous take. Called by one
 * thread at a time (the broadcaster's tick): it keeps the previous take's counts and the
 * last ten intervals of messages per conversation.
 */
@Component
class AdminStatsCollector {

	/** Intervals (seconds) over which the busiest conversations are counted. */
	static final int BUSY_WINDOW = 10;

	/** Conversations listed as busiest. */
	static final int BUSIEST = 5;

	private final PresenceFigures presence;

	private final MessageMetrics messages;

	private final ErrorMetrics errors;

	private final WebSocketMessageBrokerStats brokerStats;

	private final BrokerAvailability broker;

	private final DatabaseStatus database;

	private final Clock clock;

	private final Deque<Map<UUID, Long>> window = new ArrayDeque<>(BUSY_WINDOW);

	private long lastTake;

	private double lastDelivered;

	AdminStatsCollector(PresenceFigures presence, MessageMetrics messages, ErrorMetrics errors,
			WebSocketMessageBrokerStats brokerStats, BrokerAvailability broker, DatabaseStatus database, Clock clock) {
		this.presence = presence;
		this.messages = messages;
		this.errors = errors;
		this.brokerStats = brokerStats;
		this.broker = broker;
		this.database = database;
		this.clock = clock;
		this.lastTake = System.nanoTime();
		this.lastDelivered = messages.deliveredCount();
	}

	AdminStats collect() {
		long now = System.nanoTime();
		// at least a millisecond, so two takes at once cannot divide by zero
		double seconds = Math.max(1_000_000, now - this.lastTake) / 1e9;
		this.lastTake = now;
		RecentMessages.Taken interval = this.messages.recent().take();
		double delivered = this.messages.deliveredCount();
		double deliveredPerSecond = (delivered - this.lastDelivered) / seconds;
		this.lastDelivered = delivered;

		Map<String, Long> errors = new LinkedHashMap<>();
		this.errors.counts().forEach((code, count) -> errors.put(code.name(), count));
		Health broker = this.broker.health();
		return new AdminStats(AdminStats.TYPE, this.presence.nodeId(), this.clock.instant(), sessions(),
				this.presence.usersOnline(), this.database.usersOnlineInCluster(), (long) this.messages.receivedCount(),
				(long) delivered, round(interval.messages() / seconds), round(deliveredPerSecond),
				interval.handlingP50Millis(), interval.handlingP99Millis(), errors, busiest(interval.perConversation()),
				Status.UP.equals(broker.getStatus()) ? "UP" : "DOWN", String.valueOf(broker.getDetails().get("mode")),
				this.database.status());
	}

	/** The interval joins the window, the oldest leaves, and the window is summed. */
	private List<AdminStats.Busy> busiest(Map<UUID, Long> interval) {
		if (this.window.size() == BUSY_WINDOW) {
			this.window.removeFirst();
		}
		this.window.addLast(interval);
		Map<UUID, Long> sums = new HashMap<>();
		for (Map<UUID, Long> each : this.window) {
			each.forEach((id, count) -> sums.merge(id, count, Long::sum));
		}
		return sums.entrySet()
			.stream()
			.sorted(Map.Entry.<UUID, Long>comparingByValue(Comparator.reverseOrder())
				.thenComparing(Map.Entry.comparingByKey()))
			.limit(BUSIEST)
			.map(entry -> new AdminStats.Busy(entry.getKey(), entry.getValue()))
			.toList();
	}

	private int sessions() {
		SubProtocolWebSocketHandler.@Nullable Stats stats = this.brokerStats.getWebSocketSessionStats();
		return (stats != null)
				? stats.getWebSocketSessions() + stats.getHttpStreamingSessions() + stats.getHttpPollingSessions() : 0;
	}

	/** One decimal: a rate for people to read. */
	private static double round(double value) {
		return Math.round(value * 10) / 10.0;
	}

}
