package dev.parley.messaging;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.parley.stomp.Outbound;

/**
 * A tombstone:
 * {@code {"type":"message-deleted","id","conversationId","seq","messageId","sender","deletedAt"}}.
 * Broadcast when a message is deleted ({@code sender} is who deleted it); history also
 * returns one in place of the deleted message itself (at its own seq, with
 * {@code messageId} its own id and {@code sender} its author) and of each of its edits.
 */
@Outbound(value = "/topic/conversation.{id}", type = MessageDeleted.TYPE,
		summary = "A deleted message's tombstone, with the conversation's next seq")
@JsonInclude(JsonInclude.Include.ALWAYS)
record MessageDeleted(String type, UUID id, UUID conversationId, long seq, UUID messageId, String sender,
		Instant deletedAt) {

	static final String TYPE = "message-deleted";

}
