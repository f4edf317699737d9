package dev.parley.presence;

import java.time.Instant;

/**
 * {@code {"type":"presence","user","status","at"}} on
 * {@code /topic/conversation.<id>.presence}.
 */
record PresenceEvent(String type, String user, Status status, Instant at) {

	static PresenceEvent of(String user, Status status, Instant at) {
		return new PresenceEvent("presence", user, status, at);
	}

}
