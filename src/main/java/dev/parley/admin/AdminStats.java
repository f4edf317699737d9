package dev.parley.admin;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.parley.stomp.Destinations;
import dev.parley.stomp.Outbound;

/**
 * One node's figures, sent to {@code /topic/admin.stats} once a second (docs/api.md).
 *
 * @param type always {@code admin-stats}
 * @param node the node's id (random for each start; the presence tables' id)
 * @param at when the figures were taken
 * @param sessions open WebSocket and SockJS sessions on this node
 * ({@code parley_websocket_sessions}, all transports)
 * @param usersOnline users with at least one CONNECTED session on this node
 * @param usersOnlineInCluster users with a session on any node, each once (presence's
 * tables, counted every 5 s); absent until first counted or while the database fails
 * @param received chat messages accepted on this node since it started
 * ({@code parley_messages_received_total}, all transports)
 * @param delivered MESSAGE frames written to sessions on this node since it started
 * ({@code parley_messages_delivered_total}; every kind of frame, the admin view's own
 * included)
 * @param receivedPerSecond chat messages accepted on this node over the last interval,
 * per second
 * @param deliveredPerSecond MESSAGE frames delivered on this node over the last interval,
 * per second
 * @param handlingP50Ms median handling time, in ms, of the messages accepted here in the
 * last interval (the time {@code parley_messages_handling_seconds} records: validation to
 * publication, the commit included); left out when there was none
 * @param handlingP99Ms its 99th percentile; left out when there was none
 * @param errors errors reported to clients by this node since it started, by code
 * ({@code parley_errors_total}); codes never reported are left out
 * @param busiest up to five conversations with the most messages accepted on this node in
 * the last ten seconds, most first
 * @param broker {@code UP} while the broker can take messages
 * ({@code parley_broker_available}), else {@code DOWN}
 * @param brokerMode {@code simple}, {@code bridge} or {@code relay}
 * @param database the {@code db} health indicator's status ({@code UP}, {@code DOWN}),
 * checked every five seconds; {@code UNKNOWN} before the first check or without one
 */
@Outbound(value = Destinations.ADMIN_STATS, type = AdminStats.TYPE, name = "AdminStats",
		summary = "One node's figures for the live admin view, once a second")
record AdminStats(String type, String node, Instant at, int sessions, int usersOnline,
		@Nullable Integer usersOnlineInCluster, long received, long delivered, double receivedPerSecond,
		double deliveredPerSecond, @Nullable Double handlingP50Ms, @Nullable Double handlingP99Ms,
		Map<String, Long> errors, List<Busy> busiest, String broker, String brokerMode, String database) {

	static final String TYPE = "admin-stats";

	/**
	 * A busy conversation.
	 *
	 * @param conversation its id (ids only: an admin need not be a member, and a title
	 * would cost a lookup)
	 * @param messages messages accepted on this node in the last ten seconds
	 */
	record Busy(UUID conversation, long messages) {
	}

}
