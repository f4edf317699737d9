package dev.parley.broker;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Binding.DestinationType;

/**
 * Reference-counted bindings of the node's queue to {@code amq.topic}, one per routing
 * key with local subscribers. A key's binding and unbinding run one at a time, each
 * waiting for RabbitMQ's confirmation, so the binding exists exactly while the count is
 * above zero; the {@link BridgeDeliveryLog} tracks a conversation's deliveries for as
 * long.
 */
final class BridgeBindings {

	private static final Log logger = LogFactory.getLog(BridgeBindings.class);

	/**
	 * The exchange relay nodes use too, so that relay and bridge nodes can share a
	 * cluster.
	 */
	static final String EXCHANGE = "amq.topic";

	private final AmqpAdmin admin;

	private final String queue;

	private final BridgeDeliveryLog log;

	private final Map<String, Count> counts = new ConcurrentHashMap<>();

	BridgeBindings(AmqpAdmin admin, String queue, BridgeDeliveryLog log) {
		this.admin = admin;
		this.queue = queue;
		this.log = log;
	}

	/** Count one more subscriber of the key; the first binds it before returning. */
	void acquire(String routingKey) {
		while (true) {
			Count count = this.counts.computeIfAbsent(routingKey, key -> new Count());
			synchronized (count) {
				if (count.removed) {
					continue; // released to zero meanwhile: take the key's new count
				}
				if (count.subscribers == 0) {
					this.admin.declareBinding(binding(routingKey));
					this.log.bound(routingKey);
				}
				count.subscribers++;
				return;
			}
		}
	}

	/** Count one subscriber less; the last unbinds the key. */
	void release(String routingKey) {
		Count count = this.counts.get(routingKey);
		if (count == null) {
			return;
		}
		synchronized (count) {
			if (count.removed || --count.subscribers > 0) {
				return;
			}
			count.removed = true;
			this.counts.remove(routingKey, count);
			this.log.unbound(routingKey);
			try {
				this.admin.removeBinding(binding(routingKey));
			}
			catch (AmqpException ex) {
				// the binding goes with the queue when the connection ends; until then it
				// only brings messages no local subscriber wants
				logger.warn("Could not unbind " + routingKey + " from the bridge queue: " + ex.getMessage());
			}
		}
	}

	/**
	 * Binds every key that has subscribers again, as after a new connection.
	 * @return how many keys were bound
	 */
	int rebindAll() {
		int bound = 0;
		for (Map.Entry<String, Count> entry : this.counts.entrySet()) {
			Count count = entry.getValue();
			synchronized (count) {
				if (!count.removed && count.subscribers > 0) {
					this.admin.declareBinding(binding(entry.getKey()));
					bound++;
				}
			}
		}
		return bound;
	}

	/** The conversations with a destination bound now. */
	Set<UUID> conversations() {
		Set<UUID> conversations = new HashSet<>();
		for (String key : this.counts.keySet()) {
			UUID id = BridgeDeliveryLog.conversationOf(key);
			if (id != null) {
				conversations.add(id);
			}
		}
		return conversations;
	}

	/** Routing keys bound now. */
	int size() {
		return this.counts.size();
	}

	private Binding binding(String routingKey) {
		return new Binding(this.queue, DestinationType.QUEUE, EXCHANGE, routingKey, null);
	}

	private static final class Count {

		int subscribers;

		boolean removed;

	}

}
