package dev.parley.presence;

import org.springframework.stereotype.Component;

/**
 * Presence's figures for the live admin view: this node's id (random for each start, the
 * one in the presence tables), how many users have a session on it now, and how many on
 * any node of the cluster.
 */
@Component
public class PresenceFigures {

	private final NodeId nodeId;

	private final LocalSessionTracker sessions;

	private final PresenceStore store;

	PresenceFigures(NodeId nodeId, LocalSessionTracker sessions, PresenceStore store) {
		this.nodeId = nodeId;
		this.sessions = sessions;
		this.store = store;
	}

	/** This node's id. */
	public String nodeId() {
		return this.nodeId.value();
	}

	/**
	 * Users with at least one STOMP session on this node that reached CONNECTED; one
	 * whose last session ended within the offline grace is not counted.
	 */
	public int usersOnline() {
		return this.sessions.usersWithSessions();
	}

	/**
	 * Users with a session on any node, each counted once: a query of the presence
	 * tables, so not for a hot path. A user whose last session ended within the offline
	 * grace still counts, as do a crashed node's users until it is reaped (within 30 s).
	 */
	public int usersOnlineInCluster() {
		return this.store.usersWithSessions();
	}

}
