package dev.parley.presence;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.parley.broker.Destinations;
import dev.parley.conversation.ConversationService;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Qualifier;
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

	PresenceRegistry(SimpMessageSendingOperations messaging, ConversationService conversations, PresenceStore store,
			@Qualifier("parleyScheduler") TaskScheduler scheduler, PresenceProperties properties) {
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
		if (this.store.sessionStarted(this.nodeId, key(sessionId), user, Instant.now())) {
			announce(user, Status.ONLINE);
		}
	}

	@EventListener
	void onDisconnect(SessionDisconnectEvent event) {
		if (event.getUser() == null) {
			return;
		}
		String user = event.getUser().getName();
		this.store.sessionEnded(key(event.getSessionId()), user, Instant.now());
		this.scheduler.schedule(() -> goOffline(user), Instant.now().plus(this.properties.offlineGrace()));
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

	private String key(String sessionId) {
		return this.nodeId + ":" + sessionId;
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
