package dev.parley.errors;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeTypeUtils;

/**
 * STOMP ERROR frames: the answer to a refused CONNECT or an unreadable frame. Spring
 * closes the connection after sending one, as STOMP requires. The text goes in the
 * {@code message} header and in the body.
 */
public final class ConnectionRefusals {

	private ConnectionRefusals() {
	}

	public static Message<byte[]> errorFrame(String text, @Nullable String sessionId, @Nullable String receiptId) {
		StompHeaderAccessor accessor = StompHeaderAccessor.create(StompCommand.ERROR);
		accessor.setMessage(text);
		accessor.setContentType(MimeTypeUtils.TEXT_PLAIN);
		if (sessionId != null) {
			accessor.setSessionId(sessionId);
		}
		if (receiptId != null) {
			accessor.setReceiptId(receiptId);
		}
		accessor.setLeaveMutable(true);
		return MessageBuilder.createMessage(text.getBytes(StandardCharsets.UTF_8), accessor.getMessageHeaders());
	}

}
