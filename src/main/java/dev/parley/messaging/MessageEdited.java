package dev.parley.messaging;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

import dev.parley.stomp.Outbound;

/**
 * An edit, as {@code /topic/conversation.<id>} and history carry it:
 * {@code {"type":"message-edited","id","conversationId","seq","messageId","sender","content","editedAt","version","clientMessageId"}}.
 * {@code version} counts the message's versions (2 is its first edit); clients show an
 * edit only if its version is above the one they show, so the last edit by seq wins. In
 * history an edit carries the message's current content, editedAt and version (the log
 * keeps no old texts); {@code content} is null if the message is no longer stored.
 */
@Outbound(value = "/topic/conversation.{id}", type = MessageEdited.TYPE,
		summary = "An edit of a message, with the conversation's next seq")
@JsonInclude(JsonInclude.Include.ALWAYS)
record MessageEdited(String type, UUID id, UUID conversationId, long seq, UUID messageId, String sender,
		@Nullable String content, Instant editedAt, int version, @Nullable String clientMessageId) {

	static final String TYPE = "message-edited";

}
