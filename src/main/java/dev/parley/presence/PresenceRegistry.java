package dev.parley.presence;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.parley.broker.Destinations;
import dev.parley.conversation.ConversationService;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageSendingOperations;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.SessionConnectedEvent;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

/**
 * Presence of the users connected to this node. Several sessions (tabs) of one user count as one; the user goes
 * offline only when the last one has been gone for {@code parley.presence.offline-grace}.
 */
@Component
class PresenceRegistry {

	private static final Log logger = LogFactory.getLog(PresenceRegistry.class);

	private final SimpMessageSendingOperations messaging;

	private final ConversationService conversations;

	private final TaskScheduler scheduler;

	private final PresenceProperties properties;

	private final Map<String, UserPresence> users = new ConcurrentHashMap<>();

	PresenceRegistry(SimpMessageSendingOperations messaging, ConversationService conversations,
			@Qualifier("parleyScheduler") TaskScheduler scheduler, PresenceProperties properties) {
		this.messaging = messaging;
		this.conversations = conversations;
		this.scheduler = scheduler;
		this.properties = properties;
	}

	@EventListener
	void onConnected(SessionConnectedEvent event) {
		String sessionId = SimpMessageHeaderAccessor.getSessionId(event.getMessage().getHeaders());
		if (event.getUser() == null || sessionId == null) {
			return;
		}
		String user = event.getUser().getName();
		boolean[] cameOnline = { false };
		this.users.compute(user, (name, presence) -> {
			if (presence == null) {
				cameOnline[0] = true;
				presence = new UserPresence();
			}
			presence.sessions.add(sessionId);
			if (presence.offlineTask != null) {
				presence.offlineTask.cancel(false);
				presence.offlineTask = null;
			}
			return presence;
		});
		if (cameOnline[0]) {
			announce(user, Status.ONLINE);
		}
	}

	@EventListener
	void onDisconnect(SessionDisconnectEvent event) {
		if (event.getUser() == null) {
			return;
		}
		String user = event.getUser().getName();
		this.users.computeIfPresent(user, (name, presence) -> {
			if (presence.sessions.remove(event.getSessionId()) && presence.sessions.isEmpty()) {
				presence.offlineTask = this.scheduler.schedule(() -> goOffline(user),
						Instant.now().plus(this.properties.offlineGrace()));
			}
			return presence;
		});
	}

	private void goOffline(String user) {
		boolean[] gone = { false };
		this.users.computeIfPresent(user, (name, presence) -> {
			if (presence.sessions.isEmpty()) {
				gone[0] = true;
				return null;
			}
			return presence;
		});
		if (gone[0]) {
			announce(user, Status.OFFLINE);
		}
	}

	/** Set away or back online; the user must have a session here. */
	void setStatus(String user, Status status) {
		boolean[] changed = { false };
		this.users.computeIfPresent(user, (name, presence) -> {
			Status current = presence.away ? Status.AWAY : Status.ONLINE;
			if (current != status) {
				presence.away = (status == Status.AWAY);
				changed[0] = true;
			}
			return presence;
		});
		if (changed[0]) {
			announce(user, status);
		}
	}

	Status statusOf(String user) {
		UserPresence presence = this.users.get(user);
		if (presence == null) {
			return Status.OFFLINE;
		}
		return presence.away ? Status.AWAY : Status.ONLINE;
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

	/** Changed only under the map's compute lock for the user; {@code away} is also read without it. */
	private static final class UserPresence {

		final Set<String> sessions = new HashSet<>();

		volatile boolean away;

		@Nullable ScheduledFuture<?> offlineTask;

	}

}
