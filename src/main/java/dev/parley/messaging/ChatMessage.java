package dev.parley.messaging;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * A message as subscribers of {@code /topic/conversation.<id>} receive it and history
 * returns it:
 * {@code {"type":"message","id","conversationId","seq","sender","content","sentAt","clientMessageId","senderType"}}.
 * {@code seq} numbers a conversation's messages 1, 2, 3 ... without gaps. {@code sender}
 * is the authenticated principal (or, for AMQP ingress, the service's name);
 * {@code senderType} is {@code user} or {@code service}; {@code content} is plain text,
 * relayed unchanged.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ChatMessage(String type, UUID id, UUID conversationId, long seq, String sender, String content,
		Instant sentAt, @Nullable String clientMessageId, String senderType) {

	static final String TYPE = "message";

	static final String USER = "user";

	static final String SERVICE = "service";

}
