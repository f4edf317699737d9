package dev.parley.typing;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

import org.jspecify.annotations.Nullable;

import dev.parley.scheduling.ParleyScheduler;
import dev.parley.stomp.Destinations;

import org.springframework.context.event.EventListener;
import org.springframework.messaging.simp.SimpMessageSendingOperations;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

/**
 * Who is typing where, on this node. A typer is keyed by conversation and user; the
 * session that last reported typing owns the state, so its disconnect ends it.
 */
@Component
class TypingTracker {

	private final SimpMessageSendingOperations messaging;

	private final TaskScheduler scheduler;

	private final TypingProperties properties;

	private final Clock clock;

	private final Map<Key, Typer> typers = new ConcurrentHashMap<>();

	TypingTracker(SimpMessageSendingOperations messaging, @ParleyScheduler TaskScheduler scheduler,
			TypingProperties properties, Clock clock) {
		this.messaging = messaging;
		this.scheduler = scheduler;
		this.properties = properties;
		this.clock = clock;
	}

	void update(UUID conversationId, String user, String sessionId, boolean typing) {
		Key key = new Key(conversationId, user);
		if (typing) {
			start(key, sessionId);
		}
		else {
			stop(key, null);
		}
	}

	private void start(Key key, String sessionId) {
		Instant now = this.clock.instant();
		boolean[] broadcast = { false };
		this.typers.compute(key, (k, previous) -> {
			if (previous != null) {
				previous.expiry().cancel(false);
			}
			boolean throttled = previous != null
					&& previous.broadcastAt().plus(this.properties.throttle()).isAfter(now);
			broadcast[0] = !throttled;
			ScheduledFuture<?> expiry = this.scheduler.schedule(() -> expire(k, sessionId),
					now.plus(this.properties.ttl()));
			return new Typer(sessionId, throttled ? previous.broadcastAt() : now, expiry);
		});
		if (broadcast[0]) {
			send(key, true);
		}
	}

	/** Stop typing; with a session id, only if that session still owns the state. */
	private void stop(Key key, @Nullable String sessionId) {
		boolean[] removed = { false };
		this.typers.computeIfPresent(key, (k, typer) -> {
			if (sessionId != null && !typer.sessionId().equals(sessionId)) {
				return typer;
			}
			typer.expiry().cancel(false);
			removed[0] = true;
			return null;
		});
		if (removed[0]) {
			send(key, false);
		}
	}

	private void expire(Key key, String sessionId) {
		stop(key, sessionId);
	}

	@EventListener
	void onDisconnect(SessionDisconnectEvent event) {
		String sessionId = event.getSessionId();
		this.typers.forEach((key, typer) -> {
			if (typer.sessionId().equals(sessionId)) {
				stop(key, sessionId);
			}
		});
	}

	private void send(Key key, boolean typing) {
		this.messaging.convertAndSend(Destinations.typingTopic(key.conversationId()),
				TypingEvent.of(key.conversationId(), key.user(), typing));
	}

	private record Key(UUID conversationId, String user) {
	}

	private record Typer(String sessionId, Instant broadcastAt, ScheduledFuture<?> expiry) {
	}

}
