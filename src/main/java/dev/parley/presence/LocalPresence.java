package dev.parley.presence;

import org.springframework.stereotype.Component;

/**
 * This node as presence knows it, for the live admin view: its id (random for each start,
 * the one in the presence tables) and how many users have a session on it now.
 */
@Component
public class LocalPresence {

	private final NodeId nodeId;

	private final LocalSessionTracker sessions;

	LocalPresence(NodeId nodeId, LocalSessionTracker sessions) {
		this.nodeId = nodeId;
		this.sessions = sessions;
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

}
