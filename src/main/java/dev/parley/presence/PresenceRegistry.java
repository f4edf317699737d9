package dev.parley.presence;

import java.time.Clock;
import java.util.Collection;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * Users' statuses as the whole cluster sees them: read from the shared database, and set to away or back online on
 * request. Online and offline follow the sessions ({@link LocalSessionTracker}, {@link NodeLiveness}).
 */
@Component
class PresenceRegistry {

	private final PresenceStore store;

	private final PresenceAnnouncer announcer;

	private final Clock clock;

	PresenceRegistry(PresenceStore store, PresenceAnnouncer announcer, Clock clock) {
		this.store = store;
		this.announcer = announcer;
		this.clock = clock;
	}

	/** Set away or back online; only for a user who is online or away. */
	void setStatus(String user, Status status) {
		if (this.store.setStatus(user, status, this.clock.instant())) {
			this.announcer.announce(user, status);
		}
	}

	Map<String, Status> statusOf(Collection<String> users) {
		return this.store.statuses(users);
	}

}
