package dev.parley.limits;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import dev.parley.errors.ErrorCode;
import dev.parley.errors.ErrorReporter;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.stereotype.Component;

/**
 * Bounds what one session subscribes to: at most
 * {@code parley.limits.subscriptions-per-session} subscriptions, and each destination
 * once (a second SUBSCRIBE to a destination the session holds would deliver every message
 * twice). A refused SUBSCRIBE is explained on {@code /user/queue/errors} (RATE_LIMITED,
 * or BAD_REQUEST for a repeat) with its receipt id and dropped; the session keeps
 * working. On the inbound channel after the destination guard, so only subscriptions it
 * granted count. Its counts are the gauges {@code parley.subscriptions} and
 * {@code parley.subscriptions.sessions}.
 */
@Component
public final class SubscriptionLimiter implements ChannelInterceptor, MeterBinder {

	private final LimitsProperties limits;

	private final ErrorReporter reporter;

	/** Per session: destination by subscription id. */
	private final Map<String, Map<String, String>> sessions = new ConcurrentHashMap<>();

	SubscriptionLimiter(LimitsProperties limits, ErrorReporter reporter) {
		this.limits = limits;
		this.reporter = reporter;
	}

	@Override
	public @Nullable Message<?> preSend(Message<?> message, MessageChannel channel) {
		SimpMessageType type = SimpMessageHeaderAccessor.getMessageType(message.getHeaders());
		String session = SimpMessageHeaderAccessor.getSessionId(message.getHeaders());
		if (session == null || type == null) {
			return message;
		}
		String id = SimpMessageHeaderAccessor.getSubscriptionId(message.getHeaders());
		switch (type) {
			case SUBSCRIBE -> {
				String destination = SimpMessageHeaderAccessor.getDestination(message.getHeaders());
				if (id == null || destination == null) {
					return message; // refused later, as before
				}
				Refusal refusal = subscribe(session, id, destination);
				if (refusal != null) {
					this.reporter.report(message, refusal.code(), refusal.reason());
					return null;
				}
			}
			case UNSUBSCRIBE -> {
				Map<String, String> held = this.sessions.get(session);
				if (held != null && id != null) {
					synchronized (held) {
						held.remove(id);
					}
				}
			}
			case DISCONNECT -> this.sessions.remove(session);
			default -> {
			}
		}
		return message;
	}

	/** Records the subscription; why it is refused, or null. */
	private @Nullable Refusal subscribe(String session, String id, String destination) {
		Map<String, String> held = this.sessions.computeIfAbsent(session, key -> new HashMap<>());
		synchronized (held) {
			if (held.containsKey(id)) {
				return new Refusal(ErrorCode.BAD_REQUEST,
						"Subscription id " + id + " is in use in this session; UNSUBSCRIBE it first");
			}
			if (held.containsValue(destination)) {
				return new Refusal(ErrorCode.BAD_REQUEST, "Already subscribed to " + destination + " in this session");
			}
			int max = this.limits.subscriptionsPerSession();
			if (max > 0 && held.size() >= max) {
				return new Refusal(ErrorCode.RATE_LIMITED,
						"Too many subscriptions: this session holds " + held.size() + " (limit " + max + ")");
			}
			held.put(id, destination);
			return null;
		}
	}

	private record Refusal(ErrorCode code, String reason) {
	}

	/** Sessions with subscriptions counted (for tests and gauges). */
	int sessions() {
		return this.sessions.size();
	}

	/** Subscriptions held by this node's sessions, now. */
	int subscriptions() {
		int count = 0;
		for (Map<String, String> held : this.sessions.values()) {
			synchronized (held) {
				count += held.size();
			}
		}
		return count;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("parley.subscriptions", this, SubscriptionLimiter::subscriptions)
			.description("Subscriptions held by the STOMP sessions on this node")
			.register(registry);
		Gauge.builder("parley.subscriptions.sessions", this, SubscriptionLimiter::sessions)
			.description("STOMP sessions on this node that hold subscriptions")
			.register(registry);
	}

}
