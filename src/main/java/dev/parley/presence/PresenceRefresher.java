package dev.parley.presence;

import java.util.UUID;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.parley.broker.BridgeRepaired;
import dev.parley.stomp.Destinations;

import org.springframework.context.event.EventListener;
import org.springframework.messaging.simp.SimpMessageSendingOperations;
import org.springframework.stereotype.Component;

/**
 * After a bridge node receives again from RabbitMQ, sends a fresh presence snapshot to
 * the presence topic of each conversation with subscribers on it, since the changes
 * announced meanwhile are not stored to be re-delivered.
 */
@Component
class PresenceRefresher {

	private static final Log logger = LogFactory.getLog(PresenceRefresher.class);

	private final PresenceRegistry registry;

	private final SimpMessageSendingOperations messaging;

	PresenceRefresher(PresenceRegistry registry, SimpMessageSendingOperations messaging) {
		this.registry = registry;
		this.messaging = messaging;
	}

	@EventListener
	void onRepaired(BridgeRepaired repaired) {
		for (UUID conversationId : repaired.conversations()) {
			try {
				this.messaging.convertAndSend(Destinations.presenceTopic(conversationId),
						this.registry.snapshot(conversationId));
			}
			catch (RuntimeException ex) {
				logger.warn("Could not refresh presence of conversation " + conversationId + ": " + ex.getMessage());
			}
		}
	}

}
