package dev.parley.presence;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.parley.scheduling.ParleyScheduler;
import dev.parley.stomp.Destinations;
import dev.parley.conversation.ConversationService;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageSendingOperations;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.SessionConnectedEvent;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

/**
 * Cluster-wide presence on the shared database: a user is online from their first session on any node to their
 * last; tabs and nodes count as one. Changes are announced by whichever node makes them (see {@link PresenceStore}),
 * through the broker, so every node's subscribers see them. Each node records a heartbeat; when a node dies without
 * saying goodbye, another node takes its sessions away and announces its users offline.
 * <p>
 * The database holds one row per node and user, not per session: a node counts its own sessions of each user and
 * writes only when the first one arrives and when the grace after the last one has passed. A reconnect within the
 * grace (a reload, a network blip, a reconnect storm) writes nothing at all; before this, every CONNECT and every
 * disconnect was a durable commit, and presence was over half of the server's CPU in a reconnect storm.
 */
@Component
class PresenceRegistry implements DisposableBean {

	private static final Log logger = LogFactory.getLog(PresenceRegistry.class);

	private final String nodeId = UUID.randomUUID().toString();

	private final SimpMessageSendingOperations messaging;

	private final ConversationService conversations;

	private final PresenceStore store;

	private final TaskScheduler scheduler;

	private final PresenceProperties properties;

	private final List<ScheduledFuture<?>> tasks;

	/** Users with sessions on this node, by name: the database hears only of first arrivals and last departures. */
	private final Map<String, Here> here = new ConcurrentHashMap<>();

	PresenceRegistry(SimpMessageSendingOperations messaging, ConversationService conversations, PresenceStore store,
			@ParleyScheduler TaskScheduler scheduler, PresenceProperties properties) {
		this.messaging = messaging;
		this.conversations = conversations;
		this.store = store;
		this.scheduler = scheduler;
		this.properties = properties;
		this.store.heartbeat(this.nodeId, Instant.now());
		this.tasks = List.of(
				scheduler.scheduleAtFixedRate(this::heartbeat, properties.nodeHeartbeat()),
				scheduler.scheduleWithFixedDelay(this::sweep, properties.sweepInterval()));
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
				here.leaving.cancel(false); // back within the grace: nothing to write, nothing to announce
				here.leaving = null;
			}
			if (!here.recorded) {
				boolean cameOnline = this.store.userArrived(this.nodeId, user, Instant.now());
				here.recorded = true;
				if (cameOnline) {
					announce(user, Status.ONLINE);
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
		forgetIfGone(user, here); // never recorded (the database was down when they came): nothing to undo
	}

	/** Called holding {@code here}. */
	private void leaveAfterGrace(String user, Here here) {
		here.leaving = this.scheduler.schedule(() -> leave(user, here),
				Instant.now().plus(this.properties.offlineGrace()));
	}

	/** The grace after the user's last session on this node has passed. */
	private void leave(String user, Here here) {
		synchronized (here) {
			if (!here.sessions.isEmpty() || !here.recorded) {
				return; // came back; their arrival cancelled this, or is about to
			}
			try {
				boolean wentOffline = this.store.userLeft(this.nodeId, user, Instant.now());
				here.recorded = false;
				here.leaving = null;
				if (wentOffline) {
					announce(user, Status.OFFLINE);
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

	/** Drop the user from the map unless a session arrived meanwhile (it finds recorded false and writes). */
	private void forgetIfGone(String user, Here here) {
		this.here.computeIfPresent(user, (name, h) -> (h == here && h.sessions.isEmpty() && !h.recorded) ? null : h);
	}

	private void goOffline(String user) {
		try {
			Instant now = Instant.now();
			if (this.store.goOfflineIfNoSessions(user, now.minus(this.properties.offlineGrace()), now)) {
				announce(user, Status.OFFLINE);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Presence check for " + user + " failed (the sweep will retry): " + ex.getMessage());
		}
	}

	/** Set away or back online; only for a user who is online or away. */
	void setStatus(String user, Status status) {
		if (this.store.setStatus(user, status, Instant.now())) {
			announce(user, status);
		}
	}

	java.util.Map<String, Status> statusOf(java.util.Collection<String> users) {
		return this.store.statuses(users);
	}

	private void heartbeat() {
		try {
			this.store.heartbeat(this.nodeId, Instant.now());
		}
		catch (RuntimeException ex) {
			logger.warn("Presence heartbeat failed: " + ex.getMessage());
		}
	}

	/** Take over the sessions of dead nodes, and send users offline whose announcement was missed. */
	private void sweep() {
		try {
			Instant now = Instant.now();
			Instant deadBefore = now.minus(this.properties.nodeTimeout());
			for (String node : this.store.staleNodes(deadBefore)) {
				List<String> users = this.store.reapNode(node, deadBefore, now);
				if (!users.isEmpty()) {
					logger.warn("Node " + node + " stopped without saying goodbye; its " + users.size()
							+ " user(s) lose their sessions there");
				}
			}
			for (String user : this.store.strays(now.minus(this.properties.offlineGrace()))) {
				goOffline(user);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Presence sweep failed: " + ex.getMessage());
		}
	}

	private void announce(String user, Status status) {
		PresenceEvent event = PresenceEvent.of(user, status, Instant.now().truncatedTo(ChronoUnit.MILLIS));
		try {
			for (UUID conversationId : this.conversations.conversationIdsOf(user)) {
				this.messaging.convertAndSend(Destinations.presenceTopic(conversationId), event);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not announce presence of " + user + ": " + ex.getMessage());
		}
	}

	/**
	 * A user with sessions on this node, or whose last one here ended less than the grace ago. The set of sessions
	 * changes inside the map's compute; database work is done holding the object, so a user's writes here happen one
	 * at a time.
	 */
	private static final class Here {

		/** Its sessions here; changed only inside the map's compute, read anywhere. */
		final Set<String> sessions = ConcurrentHashMap.newKeySet(2);

		boolean recorded;

		ScheduledFuture<?> leaving;

	}

	@Override
	public void destroy() {
		this.tasks.forEach(task -> task.cancel(false));
		try {
			this.store.leave(this.nodeId);
		}
		catch (RuntimeException ex) {
			logger.debug("Could not remove this node's presence rows: " + ex.getMessage());
		}
	}

}
