package dev.parley.broker;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * STOMP frames are UTF-8 text; a binary WebSocket message that is not valid UTF-8 closes
 * its socket with 1007 (invalid data), as the container does for such a text message,
 * instead of reaching STOMP with its bytes replaced by U+FFFD. Sees whole messages
 * ({@link WholeMessages} joins parts before it).
 */
final class Utf8BinaryMessages extends WebSocketHandlerDecorator {

	Utf8BinaryMessages(WebSocketHandler delegate) {
		super(delegate);
	}

	@Override
	public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
		if (message instanceof BinaryMessage binary && !isUtf8(binary)) {
			session.close(CloseStatus.BAD_DATA.withReason("Binary message is not valid UTF-8"));
			return;
		}
		super.handleMessage(session, message);
	}

	private static boolean isUtf8(BinaryMessage message) {
		try {
			StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(message.getPayload().duplicate());
			return true;
		}
		catch (CharacterCodingException ex) {
			return false;
		}
	}

}
