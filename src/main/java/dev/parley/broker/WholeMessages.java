package dev.parley.broker;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * Takes WebSocket messages in parts from the container and hands whole messages (up to a
 * limit) to STOMP.
 * <p>
 * Tomcat allocates a socket's message buffer up front and keeps it for the socket's whole
 * life, so the container's buffer stays small (docs/performance.md); only a session in
 * the middle of a large message holds a larger one here, for as long as that message
 * takes. A message over the limit closes the socket with 1009 (too big), as the container
 * itself would; messages between the STOMP frame limit and this limit reach STOMP, which
 * answers them with a readable ERROR frame.
 */
final class WholeMessages extends WebSocketHandlerDecorator {

	private static final String PARTIAL = WholeMessages.class.getName() + ".partial";

	private final int limit;

	private final int partSize;

	WholeMessages(WebSocketHandler delegate, int limit, int partSize) {
		super(delegate);
		this.limit = limit;
		this.partSize = partSize;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) throws Exception {
		super.afterConnectionEstablished(session);
		// the container's buffer for one part, held for the socket's whole life: set
		// after STOMP's own start, which raises the limit to 16 KB + 256 (it expects
		// whole frames in one message: this decorator joins them), because Tomcat sizes
		// its buffer from the limit at the first message
		session.setTextMessageSizeLimit(this.partSize);
		session.setBinaryMessageSizeLimit(this.partSize);
	}

	@Override
	public boolean supportsPartialMessages() {
		return true;
	}

	@Override
	public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
		if (message.isLast() && !session.getAttributes().containsKey(PARTIAL)) {
			// the usual case: a message in one part, nothing copied
			super.handleMessage(session, message);
			return;
		}
		Parts parts = (Parts) session.getAttributes().computeIfAbsent(PARTIAL, key -> new Parts());
		if (!parts.add(message, this.limit)) {
			session.getAttributes().remove(PARTIAL);
			session.close(CloseStatus.TOO_BIG_TO_PROCESS.withReason("Message larger than " + this.limit + " bytes"));
			return;
		}
		if (message.isLast()) {
			session.getAttributes().remove(PARTIAL);
			super.handleMessage(session, parts.whole());
		}
	}

	/** The parts of one message so far, text or binary. */
	private static final class Parts {

		private @Nullable StringBuilder text;

		private @Nullable ByteArrayOutputStream bytes;

		private long size;

		boolean add(WebSocketMessage<?> message, int limit) {
			this.size += message.getPayloadLength();
			if (this.size > limit) {
				return false;
			}
			if (message instanceof TextMessage textMessage) {
				if (this.text == null) {
					this.text = new StringBuilder();
				}
				this.text.append(textMessage.getPayload());
			}
			else if (message instanceof BinaryMessage binaryMessage) {
				if (this.bytes == null) {
					this.bytes = new ByteArrayOutputStream();
				}
				ByteBuffer payload = binaryMessage.getPayload().duplicate();
				byte[] chunk = new byte[payload.remaining()];
				payload.get(chunk);
				this.bytes.writeBytes(chunk);
			}
			return true;
		}

		WebSocketMessage<?> whole() {
			if (this.text != null) {
				return new TextMessage(this.text.toString());
			}
			return new BinaryMessage(this.bytes != null ? this.bytes.toByteArray() : new byte[0]);
		}

	}

}
