package dev.parley.messaging;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * A message as subscribers of {@code /topic/conversation.<id>} receive it:
 * {@code {"type":"message","id","conversationId","sender","content","sentAt","clientMessageId"}}. {@code sender} is
 * always the authenticated principal; {@code content} is plain text, relayed unchanged.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ChatMessage(String type, UUID id, UUID conversationId, String sender, String content, Instant sentAt,
		@Nullable String clientMessageId) {

	static final String TYPE = "message";

}
