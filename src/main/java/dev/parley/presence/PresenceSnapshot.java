package dev.parley.presence;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.parley.stomp.Outbound;

/**
 * The answer to {@code SUBSCRIBE /app/conversation.<id>.presence}:
 * {@code {"type":"presence-snapshot","conversationId","members":[{"user","status"}],"at"}},
 * members sorted by name.
 */
@Outbound(value = "/topic/conversation.{id}.presence", type = "presence-snapshot",
		summary = "Every member's status, members sorted by name")
record PresenceSnapshot(String type, UUID conversationId, List<Member> members, Instant at) {

	record Member(String user, Status status) {
	}

}
