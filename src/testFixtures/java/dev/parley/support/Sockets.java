package dev.parley.support;

import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;

import org.springframework.web.socket.client.standard.StandardWebSocketClient;

/**
 * WebSocket clients whose buffers hold any frame Parley may send (the container default
 * is 8 KB).
 */
final class Sockets {

	static final int BUFFER = 1024 * 1024;

	private Sockets() {
	}

	static StandardWebSocketClient client() {
		WebSocketContainer container = ContainerProvider.getWebSocketContainer();
		container.setDefaultMaxTextMessageBufferSize(BUFFER);
		container.setDefaultMaxBinaryMessageBufferSize(BUFFER);
		return new StandardWebSocketClient(container);
	}

}
