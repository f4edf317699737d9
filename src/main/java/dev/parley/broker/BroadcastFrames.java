package dev.parley.broker;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.broker.OrderedMessageChannelDecorator;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.NativeMessageHeaderAccessor;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.SessionLimitExceededException;
import org.springframework.web.socket.messaging.StompSubProtocolHandler;
import org.springframework.web.socket.messaging.SubProtocolHandler;
import org.springframework.web.socket.messaging.SubProtocolWebSocketHandler;
import org.springframework.web.socket.sockjs.transport.SockJsSession;

/**
 * Spring's STOMP handler, except that a broadcast from the simple broker is serialised once, not once per subscriber.
 *
 * <p>The simple broker hands the outbound channel one message per subscriber, each with the same payload array and
 * headers that differ only in the session and subscription. Spring's handler then copies every message's headers into
 * a STOMP accessor, STOMP-encodes headers and payload into a new array, and the text frame decodes that array into a
 * string again: in a room of 2,000 that was about a third of the server's CPU samples (docs/performance.md). Here the
 * frame's headers before the subscription, and its {@code content-length} and body after it, are built once per
 * broadcast (found by the payload array's identity, checked against its destination, content type and headers), and
 * each subscriber's frame is those two strings around its own {@code subscription} and {@code message-id} lines. The
 * frame is byte for byte the one Spring would write, headers in the same order (tested in
 * {@code BroadcastFramesTests}).
 *
 * <p>Every other frame — CONNECTED, RECEIPT, ERROR, user destinations (which rewrite the destination), binary payloads,
 * anything from the relay (already a STOMP message per session) — goes through Spring's handler unchanged.
 */
class BroadcastFrames extends StompSubProtocolHandler {

	private static final Log logger = LogFactory.getLog(BroadcastFrames.class);

	/**
	 * Message ids have Spring's form, {@code <session>-<number>}; the numbers start where Spring's own counter (used
	 * for the frames that take its path) will never get, so that no two frames of a session share an id.
	 */
	private static final AtomicLong messageIds = new AtomicLong(1L << 62);

	private static final int SLOTS = 256;

	/**
	 * Recent broadcasts by their payload array's identity, in a small table where a newer broadcast overwrites an
	 * older one in its slot (a miss only costs building the frame parts again). Entries are immutable, so reading them
	 * without locks is safe; each holds its payload weakly, and at most 256 frames' text stays referenced (chat
	 * messages are at most 10,000 characters, so a few MB at worst). A lookup is an array read: a Caffeine cache with
	 * weak keys was tried first, and its bookkeeping was over a third of this path's samples in a profile.
	 */
	private final Broadcast[] broadcasts = new Broadcast[SLOTS];

	/** A handler configured like Spring's own one, which it replaces. */
	static BroadcastFrames replacing(StompSubProtocolHandler spring, ApplicationContext context) {
		BroadcastFrames handler = new BroadcastFrames();
		handler.setApplicationEventPublisher(context); // session events: presence and typing rely on them
		handler.setMessageSizeLimit(spring.getMessageSizeLimit());
		handler.setPreserveReceiveOrder(spring.isPreserveReceiveOrder());
		if (spring.getErrorHandler() != null) {
			handler.setErrorHandler(spring.getErrorHandler());
		}
		if (spring.getHeaderInitializer() != null) {
			handler.setHeaderInitializer(spring.getHeaderInitializer());
		}
		return handler;
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
			// as Spring's handler: usually the client went away (for example, a closed browser tab)
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

	/** The text frame for one subscriber of a simple-broker broadcast; {@code null} for any other message. */
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
		int slot = System.identityHashCode(payload) & (SLOTS - 1);
		Broadcast broadcast = this.broadcasts[slot];
		if (broadcast == null || !broadcast.matches(payload, destination, contentType, nativeHeaders)) {
			broadcast = Broadcast.of(payload, destination, contentType, nativeHeaders);
			this.broadcasts[slot] = broadcast;
		}
		return broadcast.head() + "subscription:" + escape(subscriptionId) + "\nmessage-id:"
				+ escape(sessionId) + '-' + messageIds.getAndIncrement() + '\n' + broadcast.tail();
	}

	private static @Nullable MimeType contentType(MessageHeaders headers) {
		Object value = headers.get(MessageHeaders.CONTENT_TYPE);
		if (value instanceof MimeType mimeType) {
			return mimeType;
		}
		return (value != null) ? MimeTypeUtils.parseMimeType(value.toString()) : null;
	}

	/** STOMP 1.2 value encoding, as Spring's encoder does it for every frame but CONNECT and CONNECTED. */
	static String escape(String value) {
		StringBuilder escaped = null;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			String replacement = switch (c) {
				case '\\' -> "\\\\";
				case ':' -> "\\c";
				case '\n' -> "\\n";
				case '\r' -> "\\r";
				default -> null;
			};
			if (replacement != null && escaped == null) {
				escaped = new StringBuilder(value.length() + 8).append(value, 0, i);
			}
			if (escaped != null) {
				if (replacement != null) {
					escaped.append(replacement);
				}
				else {
					escaped.append(c);
				}
			}
		}
		return (escaped != null) ? escaped.toString() : value;
	}

	/**
	 * One broadcast's frame around the per-subscriber lines: the command and the headers Spring would write before
	 * {@code subscription} (the message's own, then {@code destination} and {@code content-type}, each in place if the
	 * message already had it), and the {@code content-length}, blank line, body and NUL after {@code message-id}.
	 */
	private record Broadcast(WeakReference<byte[]> payload, String destination, @Nullable MimeType contentType,
			Map<String, List<String>> nativeHeaders, String head, String tail) {

		static Broadcast of(byte[] payload, String destination, @Nullable MimeType contentType,
				@Nullable Map<String, List<String>> nativeHeaders) {
			Map<String, List<String>> copy = new LinkedHashMap<>();
			if (nativeHeaders != null) {
				nativeHeaders.forEach((name, values) -> copy.put(name, List.copyOf(values)));
			}
			Map<String, List<String>> written = new LinkedHashMap<>(copy);
			written.put(StompHeaderAccessor.STOMP_DESTINATION_HEADER, List.of(destination));
			if (contentType != null) {
				written.put(StompHeaderAccessor.STOMP_CONTENT_TYPE_HEADER, List.of(contentType.toString()));
			}
			StringBuilder head = new StringBuilder(256).append("MESSAGE\n");
			written.forEach((name, values) -> {
				if (!StompHeaderAccessor.STOMP_CONTENT_LENGTH_HEADER.equals(name)) {
					for (String value : values) {
						head.append(escape(name)).append(':').append(escape(value)).append('\n');
					}
				}
			});
			String tail = "content-length:" + payload.length + "\n\n" + new String(payload, StandardCharsets.UTF_8)
					+ '\0';
			return new Broadcast(new WeakReference<>(payload), destination, contentType, copy, head.toString(), tail);
		}

		boolean matches(byte[] payload, String destination, @Nullable MimeType contentType,
				@Nullable Map<String, List<String>> nativeHeaders) {
			return this.payload.get() == payload && this.destination.equals(destination)
					&& Objects.equals(this.contentType, contentType)
					&& ((nativeHeaders == null) ? this.nativeHeaders.isEmpty() : this.nativeHeaders.equals(nativeHeaders));
		}

	}

	/**
	 * Puts a {@link BroadcastFrames} in place of Spring's STOMP handler once the STOMP endpoints are registered (that
	 * is when Spring's handler is created and configured), before anything reads the handler list.
	 */
	static final class Installer implements BeanPostProcessor, ApplicationContextAware {

		/** The bean that registers the STOMP endpoints ({@code WebSocketMessageBrokerConfigurationSupport}). */
		private static final String ENDPOINTS_BEAN = "stompWebSocketHandlerMapping";

		private @Nullable ApplicationContext context;

		@Override
		public void setApplicationContext(ApplicationContext context) {
			this.context = context;
		}

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (ENDPOINTS_BEAN.equals(beanName) && this.context != null) {
				SubProtocolWebSocketHandler webSocketHandler = this.context.getBean("subProtocolWebSocketHandler",
						SubProtocolWebSocketHandler.class);
				List<SubProtocolHandler> handlers = new ArrayList<>();
				boolean replaced = false;
				for (SubProtocolHandler handler : webSocketHandler.getProtocolHandlers()) {
					if (handler.getClass() == StompSubProtocolHandler.class) {
						handlers.add(replacing((StompSubProtocolHandler) handler, this.context));
						replaced = true;
					}
					else {
						handlers.add(handler);
					}
				}
				if (!replaced) {
					throw new IllegalStateException("No STOMP handler to replace in " + handlers);
				}
				webSocketHandler.setProtocolHandlers(handlers);
			}
			return bean;
		}

	}

}
