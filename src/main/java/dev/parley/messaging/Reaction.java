package dev.parley.messaging;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.parley.stomp.Outbound;

/**
 * A reaction turned on or off:
 * {@code {"type":"reaction","id","conversationId","seq","messageId","user","emoji","on","count"}};
 * {@code count} is how many users have that emoji on the message right after it, so a
 * client sets its count rather than adding to it.
 */
@Outbound(value = "/topic/conversation.{id}", type = Reaction.TYPE,
		summary = "A reaction turned on or off, with the conversation's next seq")
@JsonInclude(JsonInclude.Include.ALWAYS)
record Reaction(String type, UUID id, UUID conversationId, long seq, UUID messageId, String user, String emoji,
		boolean on, int count) {

	static final String TYPE = "reaction";

}
