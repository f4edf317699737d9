package dev.parley.support;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A WebSocket that sends exactly the text it is given, for frames no STOMP client library
 * would produce.
 */
public final class RawSocket implements AutoCloseable {

	private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

	private final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();

	private final WebSocketSession session;

	private RawSocket(int port, @Nullable String origin) throws Exception {
		WebSocketHttpHeaders headers = new WebSocketHttpHeaders();
		if (origin != null) {
			headers.setOrigin(origin);
		}
		StandardWebSocketClient client = Sockets.client();
		this.session = client.execute(new TextWebSocketHandler() {
			@Override
			protected void handleTextMessage(WebSocketSession session, TextMessage message) {
				RawSocket.this.received.add(message.getPayload());
			}

			@Override
			public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
				RawSocket.this.closed.complete(status);
			}
		}, headers, URI.create("ws://127.0.0.1:" + port + "/ws"))
			.get(StompTestClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		this.session.setTextMessageSizeLimit(1024 * 1024);
	}

	public static RawSocket open(int port) throws Exception {
		return new RawSocket(port, null);
	}

	public static RawSocket open(int port, String origin) throws Exception {
		return new RawSocket(port, origin);
	}

	/** Send text as one WebSocket message. */
	public void send(String text) throws Exception {
		this.session.sendMessage(new TextMessage(text));
	}

	/** Send bytes as one binary WebSocket message. */
	public void sendBinary(byte[] bytes) throws Exception {
		this.session.sendMessage(new org.springframework.web.socket.BinaryMessage(bytes));
	}

	/** STOMP CONNECT with the token and heartbeats off; returns the server's answer. */
	public String connect(String token) throws Exception {
		send("CONNECT\naccept-version:1.2\nhost:parley\nheart-beat:0,0\nAuthorization:Bearer " + token + "\n\n\0");
		return next();
	}

	/** The next text frame from the server; fails if none comes in time. */
	public String next() throws InterruptedException {
		return next(StompTestClient.TIMEOUT);
	}

	public String next(Duration timeout) throws InterruptedException {
		String frame = this.received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(frame).as("a frame from the server within %s", timeout).isNotNull();
		return frame;
	}

	/**
	 * The next text frame, or {@code null} if none comes within the timeout or the
	 * connection is closed with nothing left to read.
	 */
	public @Nullable String poll(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			String frame = this.received.poll(20, TimeUnit.MILLISECONDS);
			if (frame != null) {
				return frame;
			}
			if (this.closed.isDone() && this.received.isEmpty()) {
				return null;
			}
		}
		return null;
	}

	public boolean isClosed() {
		return this.closed.isDone();
	}

	/** The next frame that is not a heartbeat. */
	public String nextFrame() throws InterruptedException {
		String frame;
		do {
			frame = next();
		}
		while (frame.isBlank());
		return frame;
	}

	/** Wait for the server to close the connection. */
	public CloseStatus awaitClosed() {
		return this.closed.orTimeout(StompTestClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
	}

	public boolean isOpen() {
		return this.session.isOpen();
	}

	@Override
	public void close() throws Exception {
		if (this.session.isOpen()) {
			this.session.close();
		}
	}

}
