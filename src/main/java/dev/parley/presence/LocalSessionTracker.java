package dev.parley.presence;

import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.parley.scheduling.ParleyScheduler;

import org.springframework.context.event.EventListener;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.SessionConnectedEvent;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

/**
 * Counts this node's sessions of each user and tells the store only of the first arrival
 * and of the departure once {@code parley.presence.offline-grace} has passed after the
 * last session ended; tabs count as one, and a reconnect within the grace writes and
 * announces nothing (docs/performance.md).
 */
@Component
class LocalSessionTracker {

	private static final Log logger = LogFactory.getLog(LocalSessionTracker.class);

	private final NodeId nodeId;

	private final PresenceStore store;

	private final PresenceAnnouncer announcer;

	private final TaskScheduler scheduler;

	private final PresenceProperties properties;

	private final Clock clock;

	/**
	 * Users with sessions on this node, by name: the database hears only of first
	 * arrivals and last departures.
	 */
	private final Map<String, Here> here = new ConcurrentHashMap<>();

	LocalSessionTracker(NodeId nodeId, PresenceStore store, PresenceAnnouncer announcer,
			@ParleyScheduler TaskScheduler scheduler, PresenceProperties properties, Clock clock) {
		this.nodeId = nodeId;
		this.store = store;
		this.announcer = announcer;
		this.scheduler = scheduler;
		this.properties = properties;
		this.clock = clock;
	}

	@EventListener
	void onConnected(SessionConnectedEvent event) {
		String sessionId = SimpMessageHeaderAccessor.getSessionId(event.getMessage().getHeaders());
		if (event.getUser() == null || sessionId == null) {
			return;
		}
		String user = event.getUser().getName();
		Here here = this.here.compute(user, (name, known) -> {
			Here h = (known != null) ? known : new Here();
			h.sessions.add(sessionId);
			return h;
		});
		synchronized (here) {
			if (here.leaving != null) {
				// back within the grace: nothing to write, nothing to announce
				here.leaving.cancel(false);
				here.leaving = null;
			}
			if (!here.recorded) {
				boolean cameOnline = this.store.userArrived(this.nodeId.value(), user, this.clock.instant());
				here.recorded = true;
				if (cameOnline) {
					this.announcer.announce(user, Status.ONLINE);
				}
			}
		}
	}

	@EventListener
	void onDisconnect(SessionDisconnectEvent event) {
		if (event.getUser() == null) {
			return;
		}
		String user = event.getUser().getName();
		String sessionId = event.getSessionId();
		boolean[] wasHere = new boolean[1];
		Here here = this.here.computeIfPresent(user, (name, h) -> {
			wasHere[0] = h.sessions.remove(sessionId);
			return h;
		});
		if (here == null || !wasHere[0]) {
			return; // a session that never got as far as CONNECTED
		}
		synchronized (here) {
			if (here.sessions.isEmpty() && here.recorded) {
				if (here.leaving != null) {
					here.leaving.cancel(false);
				}
				leaveAfterGrace(user, here);
				return;
			}
		}
		// never recorded (the database was down when they came): nothing to undo
		forgetIfGone(user, here);
	}

	/** Users with at least one session on this node now. */
	int usersWithSessions() {
		int users = 0;
		for (Here each : this.here.values()) {
			if (!each.sessions.isEmpty()) {
				users++;
			}
		}
		return users;
	}

	/** Called holding {@code here}. */
	private void leaveAfterGrace(String user, Here here) {
		here.leaving = this.scheduler.schedule(() -> leave(user, here),
				this.clock.instant().plus(this.properties.offlineGrace()));
	}

	/** The grace after the user's last session on this node has passed. */
	private void leave(String user, Here here) {
		synchronized (here) {
			if (!here.sessions.isEmpty() || !here.recorded) {
				return; // came back; their arrival cancelled this, or is about to
			}
			try {
				boolean wentOffline = this.store.userLeft(this.nodeId.value(), user, this.clock.instant());
				here.recorded = false;
				here.leaving = null;
				if (wentOffline) {
					this.announcer.announce(user, Status.OFFLINE);
				}
			}
			catch (RuntimeException ex) {
				logger.warn("Presence check for " + user + " failed (retried after the grace): " + ex.getMessage());
				leaveAfterGrace(user, here);
				return;
			}
		}
		forgetIfGone(user, here);
	}

	/**
	 * Drop the user from the map unless a session arrived meanwhile (it finds recorded
	 * false and writes).
	 */
	private void forgetIfGone(String user, Here here) {
		this.here.computeIfPresent(user, (name, h) -> (h == here && h.sessions.isEmpty() && !h.recorded) ? null : h);
	}

	/**
	 * A user with sessions on this node, or whose last one here ended less than the grace
	 * ago. The set of sessions changes inside the map's compute; database work is done
	 * holding the object, so a user's writes here happen one at a time.
	 */
	private static final class Here {

		/** Its sessions here; changed only inside the map's compute, read anywhere. */
		final Set<String> sessions = ConcurrentHashMap.newKeySet(2);

		boolean recorded;

		ScheduledFuture<?> leaving;

	}

}
