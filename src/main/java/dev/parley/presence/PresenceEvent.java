package dev.parley.presence;

import java.time.Instant;

import dev.parley.stomp.Outbound;

/**
 * {@code {"type":"presence","user","status","at"}} on
 * {@code /topic/conversation.<id>.presence}.
 */
@Outbound(value = "/topic/conversation.{id}.presence", type = "presence", summary = "A member's status changed")
record PresenceEvent(String type, String user, Status status, Instant at) {

	static PresenceEvent of(String user, Status status, Instant at) {
		return new PresenceEvent("presence", user, status, at);
	}

}
