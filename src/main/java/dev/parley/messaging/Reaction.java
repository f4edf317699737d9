package dev.parley.messaging;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A reaction turned on or off:
 * {@code {"type":"reaction","id","conversationId","seq","messageId","user","emoji","on","count"}};
 * {@code count} is how many users have that emoji on the message right after it, so a
 * client sets its count rather than adding to it.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record Reaction(String type, UUID id, UUID conversationId, long seq, UUID messageId, String user, String emoji,
		boolean on, int count) {

	static final String TYPE = "reaction";

}
