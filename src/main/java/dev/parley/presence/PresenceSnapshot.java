package dev.parley.presence;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The answer to {@code SUBSCRIBE /app/conversation.<id>.presence}:
 * {@code {"type":"presence-snapshot","conversationId","members":[{"user","status"}],"at"}},
 * members sorted by name.
 */
record PresenceSnapshot(String type, UUID conversationId, List<Member> members, Instant at) {

	record Member(String user, Status status) {
	}

}
