package dev.parley.broker;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.broker.OrderedMessageChannelDecorator;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.NativeMessageHeaderAccessor;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.SessionLimitExceededException;
import org.springframework.web.socket.messaging.StompSubProtocolErrorHandler;
import org.springframework.web.socket.messaging.StompSubProtocolHandler;
import org.springframework.web.socket.sockjs.transport.SockJsSession;

/**
 * Spring's STOMP handler, except that a broadcast from the simple broker is serialised
 * once, not once per subscriber (docs/performance.md).
 *
 * <p>
 * The simple broker hands the outbound channel one message per subscriber, each with the
 * same payload array and headers that differ only in the session and subscription. For
 * such a message the frame is taken from a {@link BroadcastFrameCache}, which builds the
 * text around the per-subscriber lines once per broadcast; the frame is byte for byte the
 * one Spring would write, headers in the same order (tested in
 * {@code BroadcastFramesTests}).
 *
 * <p>
 * Every other frame — CONNECTED, RECEIPT, ERROR, user destinations (which rewrite the
 * destination), binary payloads, anything from the relay (already a STOMP message per
 * session) — goes through Spring's handler unchanged. {@link BroadcastHandlerInstaller}
 * puts this handler in place of Spring's.
 *
 * <p>
 * Inbound, it decodes with a {@link StrictStompDecoder}, which it tells the session being
 * decoded, and sends the ERROR for a failed frame in order with the session's other
 * frames ({@link InOrderErrors}).
 */
class BroadcastStompSubProtocolHandler extends StompSubProtocolHandler {

	private static final Log logger = LogFactory.getLog(BroadcastStompSubProtocolHandler.class);

	private final BroadcastFrameCache frames = new BroadcastFrameCache();

	private final FramePieces pieces;

	/** The session whose message the current thread is handling. */
	private final ThreadLocal<@Nullable String> receiving = new ThreadLocal<>();

	BroadcastStompSubProtocolHandler(FramePieces pieces) {
		this.pieces = pieces;
	}

	/**
	 * A handler configured like Spring's own one, which it replaces, decoding with the
	 * given decoder.
	 */
	static BroadcastStompSubProtocolHandler replacing(StompSubProtocolHandler spring, StrictStompDecoder decoder,
			FramePieces pieces, ApplicationContext context) {
		BroadcastStompSubProtocolHandler handler = new BroadcastStompSubProtocolHandler(pieces);
		// before the header initializer, which is set on the decoder
		handler.setDecoder(decoder);
		// session events: presence and typing rely on them
		handler.setApplicationEventPublisher(context);
		handler.setMessageSizeLimit(spring.getMessageSizeLimit());
		handler.setPreserveReceiveOrder(spring.isPreserveReceiveOrder());
		StompSubProtocolErrorHandler errors = spring.getErrorHandler();
		handler
			.setErrorHandler(handler.new InOrderErrors((errors != null) ? errors : new StompSubProtocolErrorHandler(),
					context.getBean("clientOutboundChannel", MessageChannel.class)));
		if (spring.getHeaderInitializer() != null) {
			handler.setHeaderInitializer(spring.getHeaderInitializer());
		}
		return handler;
	}

	@Override
	public void handleMessageFromClient(WebSocketSession session, WebSocketMessage<?> message,
			MessageChannel outputChannel) {
		this.receiving.set(session.getId());
		try {
			FramePieces.Verdict verdict = this.pieces.admit(session.getAttributes(), message);
			if (verdict == FramePieces.Verdict.REFUSE) {
				refuse(new StrictStompDecoder.FrameRefused(
						"A STOMP frame may arrive in at most " + this.pieces.limit() + " WebSocket messages"));
			}
			if (verdict != FramePieces.Verdict.TAKE) {
				return;
			}
			StrictStompDecoder.decodingFor(session.getAttributes(),
					() -> super.handleMessageFromClient(session, message, outputChannel));
		}
		finally {
			this.receiving.remove();
		}
	}

	private void refuse(Throwable reason) {
		StompSubProtocolErrorHandler errors = getErrorHandler();
		if (errors != null) {
			errors.handleClientMessageProcessingError(null, reason);
		}
	}

	@Override
	public void handleMessageToClient(WebSocketSession session, Message<?> message) {
		String frame = broadcastFrame(session, message);
		if (frame == null) {
			super.handleMessageToClient(session, message);
			return;
		}
		try {
			session.sendMessage(new TextMessage(frame));
		}
		catch (SessionLimitExceededException ex) {
			throw ex; // the session is closed by the caller, as with Spring's handler
		}
		catch (Throwable ex) {
			// as Spring's handler: usually the client went away (for example, a closed
			// browser tab)
			if (logger.isDebugEnabled()) {
				logger.debug("Failed to send WebSocket message to client in session " + session.getId(), ex);
			}
			try {
				session.close(CloseStatus.PROTOCOL_ERROR);
			}
			catch (IOException closing) {
				// ignore
			}
		}
	}

	/**
	 * The text frame for one subscriber of a simple-broker broadcast; {@code null} for
	 * any other message.
	 */
	@Nullable String broadcastFrame(WebSocketSession session, Message<?> message) {
		if (!(message.getPayload() instanceof byte[] payload)) {
			return null;
		}
		MessageHeaders headers = message.getHeaders();
		String sessionId = SimpMessageHeaderAccessor.getSessionId(headers);
		String subscriptionId = SimpMessageHeaderAccessor.getSubscriptionId(headers);
		String destination = SimpMessageHeaderAccessor.getDestination(headers);
		if (SimpMessageHeaderAccessor.getMessageType(headers) != SimpMessageType.MESSAGE
				|| StompHeaderAccessor.getCommand(headers) != null || sessionId == null || subscriptionId == null
				|| destination == null || OrderedMessageChannelDecorator.getNextMessageTask(message) != null) {
			return null;
		}
		@SuppressWarnings("unchecked")
		Map<String, List<String>> nativeHeaders = (Map<String, List<String>>) headers
			.get(NativeMessageHeaderAccessor.NATIVE_HEADERS);
		if (nativeHeaders != null && (nativeHeaders.containsKey(StompHeaderAccessor.STOMP_SUBSCRIPTION_HEADER)
				|| nativeHeaders.containsKey(StompHeaderAccessor.STOMP_MESSAGE_ID_HEADER)
				|| nativeHeaders.containsKey(SimpMessageHeaderAccessor.ORIGINAL_DESTINATION))) {
			return null; // headers Spring's handler treats specially: let it
		}
		MimeType contentType = contentType(headers);
		if (payload.length > 0 && !(session instanceof SockJsSession)
				&& MimeTypeUtils.APPLICATION_OCTET_STREAM.isCompatibleWith(contentType)) {
			return null; // a binary frame
		}
		return this.frames.frame(payload, destination, contentType, nativeHeaders, sessionId, subscriptionId);
	}

	private static @Nullable MimeType contentType(MessageHeaders headers) {
		Object value = headers.get(MessageHeaders.CONTENT_TYPE);
		if (value instanceof MimeType mimeType) {
			return mimeType;
		}
		return (value != null) ? MimeTypeUtils.parseMimeType(value.toString()) : null;
	}

	/**
	 * Sends the ERROR for a failed inbound frame through the outbound channel, so that it
	 * is written in order with the session's other frames and the connection is closed
	 * after it. Spring's handler writes it itself, from the receiving thread, and then
	 * closes: when the outbound executor was writing to that session at the same moment,
	 * Spring's {@code ConcurrentWebSocketSessionDecorator} only queued the ERROR, and the
	 * close that followed lost it.
	 */
	final class InOrderErrors extends StompSubProtocolErrorHandler {

		private final StompSubProtocolErrorHandler delegate;

		private final MessageChannel outbound;

		InOrderErrors(StompSubProtocolErrorHandler delegate, MessageChannel outbound) {
			this.delegate = delegate;
			this.outbound = outbound;
		}

		@Override
		public @Nullable Message<byte[]> handleClientMessageProcessingError(@Nullable Message<byte[]> clientMessage,
				Throwable ex) {
			Message<byte[]> error = this.delegate.handleClientMessageProcessingError(clientMessage, ex);
			String session = BroadcastStompSubProtocolHandler.this.receiving.get();
			if (error == null || session == null) {
				return error;
			}
			StompHeaderAccessor accessor = StompHeaderAccessor.wrap(error);
			accessor.setSessionId(session);
			this.outbound.send(MessageBuilder.createMessage(error.getPayload(), accessor.getMessageHeaders()));
			return null;
		}

		StompSubProtocolErrorHandler delegate() {
			return this.delegate;
		}

		@Override
		public @Nullable Message<byte[]> handleErrorMessageToClient(Message<byte[]> errorMessage) {
			return this.delegate.handleErrorMessageToClient(errorMessage);
		}

	}

}
