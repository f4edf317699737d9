package dev.parley.broker;

import java.time.Duration;

import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * Makes {@code parley.broker.send-time-limit} the longest a send to a client that stopped
 * reading may block in the container: Tomcat's blocking send waits up to its own timeout
 * (20 s) otherwise, and Spring's send time limit is only checked when another send waits
 * behind it, which {@link SessionOrderedExecutor}'s per-session order never lets happen.
 */
final class BlockingSendTimeout extends WebSocketHandlerDecorator {

	/** Tomcat's session property for it, in milliseconds. */
	static final String TOMCAT_PROPERTY = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

	private final long millis;

	BlockingSendTimeout(WebSocketHandler delegate, Duration timeout) {
		super(delegate);
		this.millis = timeout.toMillis();
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) throws Exception {
		if (session instanceof NativeWebSocketSession adapter
				&& adapter.getNativeSession() instanceof jakarta.websocket.Session container) {
			container.getUserProperties().put(TOMCAT_PROPERTY, this.millis);
		}
		super.afterConnectionEstablished(session);
	}

}
