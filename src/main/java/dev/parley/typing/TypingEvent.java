package dev.parley.typing;

import java.util.UUID;

import dev.parley.stomp.Outbound;

/**
 * {@code {"type":"typing","conversationId","user","typing"}} on
 * {@code /topic/conversation.<id>.typing}.
 */
@Outbound(value = "/topic/conversation.{id}.typing", type = "typing", summary = "A member started or stopped typing")
record TypingEvent(String type, UUID conversationId, String user, boolean typing) {

	static TypingEvent of(UUID conversationId, String user, boolean typing) {
		return new TypingEvent("typing", conversationId, user, typing);
	}

}
