package dev.parley.broker;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container's per-socket buffer is sized from the session's message size limit when
 * the first message arrives, and Spring's STOMP handler raises that limit to 16 KB + 256
 * when a session starts: the small part size has to win, or every idle socket holds a 33
 * KB buffer (docs/performance.md).
 */
class WholeMessagesTests {

	@Test
	void thePartSizeIsTheLastWordOnTheSessionsBufferLimits() throws Exception {
		Map<String, Integer> limits = new HashMap<>();
		WebSocketSession session = (WebSocketSession) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { WebSocketSession.class }, (proxy, method, args) -> {
					switch (method.getName()) {
						case "setTextMessageSizeLimit", "setBinaryMessageSizeLimit" ->
							limits.put(method.getName(), (Integer) args[0]);
						case "getTextMessageSizeLimit" -> {
							return limits.getOrDefault("setTextMessageSizeLimit", 8192);
						}
						case "getBinaryMessageSizeLimit" -> {
							return limits.getOrDefault("setBinaryMessageSizeLimit", 8192);
						}
						default -> {
						}
					}
					return null;
				});
		AbstractWebSocketHandler stompLike = new AbstractWebSocketHandler() {

			@Override
			public void afterConnectionEstablished(WebSocketSession s) {
				// what StompSubProtocolHandler.afterSessionStarted does
				s.setTextMessageSizeLimit(16 * 1024 + 256);
			}

		};

		new WholeMessages(stompLike, 256 * 1024, 2048).afterConnectionEstablished(session);

		assertThat(session.getTextMessageSizeLimit()).isEqualTo(2048);
		assertThat(session.getBinaryMessageSizeLimit()).isEqualTo(2048);
	}

}
