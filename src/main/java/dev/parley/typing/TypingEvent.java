package dev.parley.typing;

import java.util.UUID;

/**
 * {@code {"type":"typing","conversationId","user","typing"}} on
 * {@code /topic/conversation.<id>.typing}.
 */
record TypingEvent(String type, UUID conversationId, String user, boolean typing) {

	static TypingEvent of(UUID conversationId, String user, boolean typing) {
		return new TypingEvent("typing", conversationId, user, typing);
	}

}
