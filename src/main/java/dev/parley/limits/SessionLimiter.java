package dev.parley.limits;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import dev.parley.errors.ErrorCode;
import dev.parley.errors.ParleyException;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

/**
 * Counts open STOMP sessions per user and per client address on this node, admitting a
 * CONNECT only below {@code parley.limits.sessions-per-user} and {@code sessions-per-ip}.
 */
@Component
public class SessionLimiter {

	private final LimitsProperties limits;

	private final Map<String, Admitted> sessions = new ConcurrentHashMap<>();

	private final Map<String, Integer> perUser = new ConcurrentHashMap<>();

	private final Map<String, Integer> perAddress = new ConcurrentHashMap<>();

	SessionLimiter(LimitsProperties limits) {
		this.limits = limits;
	}

	/**
	 * Admit a session, or refuse it.
	 * @throws ParleyException RATE_LIMITED when the user or address already has as many
	 * sessions as allowed
	 */
	public synchronized void admit(@Nullable String sessionId, String user, String address) {
		if (sessionId == null || this.sessions.containsKey(sessionId)) {
			return;
		}
		int userCount = this.perUser.getOrDefault(user, 0);
		if (this.limits.sessionsPerUser() > 0 && userCount >= this.limits.sessionsPerUser()) {
			throw new ParleyException(ErrorCode.RATE_LIMITED, "Too many sessions: " + user + " already has " + userCount
					+ " open (limit " + this.limits.sessionsPerUser() + ")");
		}
		int addressCount = this.perAddress.getOrDefault(address, 0);
		if (this.limits.sessionsPerIp() > 0 && addressCount >= this.limits.sessionsPerIp()) {
			throw new ParleyException(ErrorCode.RATE_LIMITED,
					"Too many sessions from this address (limit " + this.limits.sessionsPerIp() + ")");
		}
		this.sessions.put(sessionId, new Admitted(user, address));
		this.perUser.merge(user, 1, Integer::sum);
		this.perAddress.merge(address, 1, Integer::sum);
	}

	@EventListener
	void onDisconnect(SessionDisconnectEvent event) {
		release(event.getSessionId());
	}

	synchronized void release(String sessionId) {
		Admitted admitted = this.sessions.remove(sessionId);
		if (admitted != null) {
			this.perUser.computeIfPresent(admitted.user(), (key, count) -> (count > 1) ? count - 1 : null);
			this.perAddress.computeIfPresent(admitted.address(), (key, count) -> (count > 1) ? count - 1 : null);
		}
	}

	private record Admitted(String user, String address) {
	}

}
