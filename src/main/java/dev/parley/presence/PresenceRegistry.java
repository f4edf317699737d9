package dev.parley.presence;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.parley.conversation.ConversationService;

import org.springframework.stereotype.Component;

/**
 * Users' statuses as the whole cluster sees them: read from the shared database, and set
 * to away or back online on request, and as a conversation's snapshot. Online and offline
 * follow the sessions ({@link LocalSessionTracker}, {@link NodeLiveness}).
 */
@Component
class PresenceRegistry {

	private final PresenceStore store;

	private final PresenceAnnouncer announcer;

	private final ConversationService conversations;

	private final Clock clock;

	PresenceRegistry(PresenceStore store, PresenceAnnouncer announcer, ConversationService conversations, Clock clock) {
		this.store = store;
		this.announcer = announcer;
		this.conversations = conversations;
		this.clock = clock;
	}

	/** Set away or back online; only for a user who is online or away. */
	void setStatus(String user, Status status) {
		if (this.store.setStatus(user, status, this.clock.instant())) {
			this.announcer.announce(user, status);
		}
	}

	/** Every member of the conversation with their status, by name. */
	PresenceSnapshot snapshot(UUID conversationId) {
		Set<String> names = this.conversations.members(conversationId)
			.orElseThrow(() -> ConversationService.notFound(conversationId.toString()));
		Map<String, Status> statuses = this.store.statuses(names);
		var members = names.stream()
			.sorted(Comparator.naturalOrder())
			.map(user -> new PresenceSnapshot.Member(user, statuses.getOrDefault(user, Status.OFFLINE)))
			.toList();
		return new PresenceSnapshot("presence-snapshot", conversationId, members,
				this.clock.instant().truncatedTo(ChronoUnit.MILLIS));
	}

}
