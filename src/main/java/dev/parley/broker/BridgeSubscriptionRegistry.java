package dev.parley.broker;

import java.security.Principal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import dev.parley.stomp.Destinations;

import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.broker.DefaultSubscriptionRegistry;
import org.springframework.messaging.simp.broker.SubscriptionRegistry;
import org.springframework.util.AntPathMatcher;
import org.springframework.util.MultiValueMap;

/**
 * The local broker's subscriptions in bridge mode: Spring's registry, plus one binding of
 * the node's queue per conversation destination (and {@code /topic/admin.stats}) that has
 * local subscribers. The first local subscriber of a destination binds it and returns
 * only once RabbitMQ has confirmed the binding, so its SUBSCRIBE's RECEIPT means the node
 * receives the destination; the last one to leave unbinds it. A subscription to one of a
 * user's own queues ({@code /user/queue/...}) binds the user's key the same way.
 */
final class BridgeSubscriptionRegistry implements SubscriptionRegistry {

	private final DefaultSubscriptionRegistry local = new DefaultSubscriptionRegistry();

	private final BridgeBindings bindings;

	/** The routing key each session's subscriptions need, by subscription id. */
	private final Map<String, Map<String, String>> sessions = new ConcurrentHashMap<>();

	BridgeSubscriptionRegistry(BridgeBindings bindings) {
		this.bindings = bindings;
		this.local.setPathMatcher(new AntPathMatcher("."));
	}

	@Override
	public void registerSubscription(Message<?> subscribe) {
		String session = SimpMessageHeaderAccessor.getSessionId(subscribe.getHeaders());
		String id = SimpMessageHeaderAccessor.getSubscriptionId(subscribe.getHeaders());
		String routingKey = routingKeyOf(subscribe);
		if (session != null && id != null && routingKey != null) {
			Map<String, String> ofSession = this.sessions.computeIfAbsent(session, key -> new ConcurrentHashMap<>());
			if (ofSession.putIfAbsent(id, routingKey) == null) {
				try {
					this.bindings.acquire(routingKey);
				}
				catch (RuntimeException ex) {
					ofSession.remove(id, routingKey);
					throw ex;
				}
			}
		}
		this.local.registerSubscription(subscribe);
	}

	@Override
	public void unregisterSubscription(Message<?> unsubscribe) {
		this.local.unregisterSubscription(unsubscribe);
		String session = SimpMessageHeaderAccessor.getSessionId(unsubscribe.getHeaders());
		String id = SimpMessageHeaderAccessor.getSubscriptionId(unsubscribe.getHeaders());
		Map<String, String> ofSession = (session != null) ? this.sessions.get(session) : null;
		String routingKey = (ofSession != null && id != null) ? ofSession.remove(id) : null;
		if (routingKey != null) {
			this.bindings.release(routingKey);
		}
	}

	@Override
	public void unregisterAllSubscriptions(String sessionId) {
		this.local.unregisterAllSubscriptions(sessionId);
		Map<String, String> ofSession = this.sessions.remove(sessionId);
		if (ofSession != null) {
			ofSession.values().forEach(this.bindings::release);
		}
	}

	@Override
	public MultiValueMap<String, String> findSubscriptions(Message<?> message) {
		return this.local.findSubscriptions(message);
	}

	/**
	 * What a subscription needs the node to receive: a conversation destination's key (or
	 * the admin view's, {@code admin.stats}), or for a user's own queue
	 * ({@code /user/queue/...}, resolved per session) the user's key, so that what any
	 * node sends to that user reaches this node.
	 */
	private static @Nullable String routingKeyOf(Message<?> subscribe) {
		String destination = SimpMessageHeaderAccessor.getDestination(subscribe.getHeaders());
		String shared = Destinations.clusterRoutingKey(destination);
		if (shared != null) {
			return shared;
		}
		Principal user = SimpMessageHeaderAccessor.getUser(subscribe.getHeaders());
		String session = SimpMessageHeaderAccessor.getSessionId(subscribe.getHeaders());
		if (destination != null && user != null && session != null
				&& destination.startsWith(Destinations.QUEUE_PREFIX + "/") && destination.endsWith("-user" + session)) {
			return userKey(user.getName());
		}
		return null;
	}

	/** The routing key of what is sent to the user's own queues, on any node. */
	static String userKey(String user) {
		return "user." + user;
	}

}
