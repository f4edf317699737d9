package dev.parley.presence;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.parley.conversation.ConversationService;
import dev.parley.stomp.Destinations;

import org.springframework.messaging.simp.SimpMessageSendingOperations;
import org.springframework.stereotype.Component;

/**
 * Sends a {@link PresenceEvent} to the presence topic of each of the user's
 * conversations, through the broker, so that every node's subscribers see it. Only the
 * node whose store call made a change announces it ({@link PresenceStore}); a failure is
 * logged, not thrown, as the change is already stored.
 */
@Component
class PresenceAnnouncer {

	private static final Log logger = LogFactory.getLog(PresenceAnnouncer.class);

	private final SimpMessageSendingOperations messaging;

	private final ConversationService conversations;

	private final Clock clock;

	PresenceAnnouncer(SimpMessageSendingOperations messaging, ConversationService conversations, Clock clock) {
		this.messaging = messaging;
		this.conversations = conversations;
		this.clock = clock;
	}

	void announce(String user, Status status) {
		PresenceEvent event = PresenceEvent.of(user, status, this.clock.instant().truncatedTo(ChronoUnit.MILLIS));
		try {
			for (UUID conversationId : this.conversations.conversationIdsOf(user)) {
				this.messaging.convertAndSend(Destinations.presenceTopic(conversationId), event);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not announce presence of " + user + ": " + ex.getMessage());
		}
	}

}
