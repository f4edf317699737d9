package dev.parley.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import dev.parley.errors.ConnectionRefusals;
import dev.parley.scheduling.ParleyScheduler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.MessageChannel;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

/**
 * A STOMP session lives as long as its token: when the token it connected with (or last
 * refreshed with, {@code SEND /app/session.refresh}) expires, beyond the clock skew, the
 * session gets an ERROR frame starting {@code TOKEN_EXPIRED} and is closed. A token
 * without {@code exp} never ends its session.
 */
@Component
class SessionLifetime {

	/** The ERROR frame's message starts with this. */
	static final String TOKEN_EXPIRED = "TOKEN_EXPIRED";

	private final TaskScheduler scheduler;

	private final ObjectProvider<MessageChannel> outbound;

	private final Duration clockSkew;

	private final Counter expired;

	private final Map<String, End> ends = new ConcurrentHashMap<>();

	SessionLifetime(@ParleyScheduler TaskScheduler scheduler,
			@Qualifier("clientOutboundChannel") ObjectProvider<MessageChannel> outbound, SecurityProperties properties,
			MeterRegistry registry) {
		this.scheduler = scheduler;
		this.outbound = outbound;
		this.clockSkew = properties.jwt().clockSkew();
		this.expired = Counter.builder("parley.sessions.expired")
			.description("STOMP sessions ended because their token expired")
			.register(registry);
	}

	/** The session's token (at CONNECT or refreshed) expires then. */
	void expiresAt(@Nullable String sessionId, Instant expiresAt) {
		if (sessionId == null) {
			return;
		}
		End end = new End(expiresAt);
		// in the map before it is scheduled, so that an end due at once finds itself
		End before = this.ends.put(sessionId, end);
		if (before != null) {
			before.cancel();
		}
		end.future = this.scheduler.schedule(() -> end(sessionId, end), end.expiresAt.plus(this.clockSkew));
	}

	@EventListener
	void onDisconnect(SessionDisconnectEvent event) {
		End end = this.ends.remove(event.getSessionId());
		if (end != null) {
			end.cancel();
		}
	}

	/** Sessions whose end is scheduled. */
	int scheduled() {
		return this.ends.size();
	}

	private void end(String sessionId, End end) {
		if (!this.ends.remove(sessionId, end)) {
			return; // refreshed or gone meanwhile
		}
		this.expired.increment();
		this.outbound.getObject()
			.send(ConnectionRefusals.errorFrame(TOKEN_EXPIRED + ": the session's token expired at " + end.expiresAt
					+ "; connect again with a new token, or refresh it before it expires (SEND /app/session.refresh)",
					sessionId, null));
	}

	/** A session's scheduled end. */
	private static final class End {

		final Instant expiresAt;

		volatile @Nullable ScheduledFuture<?> future;

		End(Instant expiresAt) {
			this.expiresAt = expiresAt;
		}

		void cancel() {
			ScheduledFuture<?> scheduled = this.future;
			if (scheduled != null) {
				scheduled.cancel(false);
			}
		}

	}

}
