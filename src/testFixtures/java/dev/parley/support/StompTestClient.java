package dev.parley.support;

import java.lang.reflect.Type;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.AbstractMessageConverter;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.WebSocketClient;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;
import org.springframework.web.socket.sockjs.client.RestTemplateXhrTransport;
import org.springframework.web.socket.sockjs.client.SockJsClient;
import org.springframework.web.socket.sockjs.client.Transport;
import org.springframework.web.socket.sockjs.client.WebSocketTransport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The one STOMP test client: connect with a token, subscribe into queues, send with or
 * without receipts, and wait for frames with a timeout. Frames are kept as bytes and read
 * as JSON, so tests see exactly what was on the wire.
 */
public final class StompTestClient implements AutoCloseable {

	/** How long a test waits for something that should happen. */
	public static final Duration TIMEOUT = Duration.ofSeconds(10);

	/**
	 * How long a test watches for something that must not happen (after the thing that
	 * would cause it is done).
	 */
	public static final Duration QUIET = Duration.ofMillis(700);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final WebSocketStompClient client;

	private final ThreadPoolTaskScheduler scheduler;

	private final String url;

	private StompTestClient(WebSocketClient socketClient, String url) {
		this.scheduler = new ThreadPoolTaskScheduler();
		this.scheduler.setPoolSize(2);
		this.scheduler.setThreadNamePrefix("stomp-test-");
		this.scheduler.initialize();
		this.client = new WebSocketStompClient(socketClient);
		this.client.setMessageConverter(new RawBytes());
		this.client.setTaskScheduler(this.scheduler);
		this.client.setInboundMessageSizeLimit(1024 * 1024);
		this.url = url;
	}

	/** A client of the native endpoint {@code /ws}. */
	public static StompTestClient nativeWebSocket(int port) {
		return new StompTestClient(Sockets.client(), "ws://127.0.0.1:" + port + "/ws");
	}

	/**
	 * A client of {@code /sockjs} that may only use XHR streaming/polling: the fallback
	 * path.
	 */
	public static StompTestClient sockJsXhr(int port) {
		return sockJs(port, List.of(new RestTemplateXhrTransport()));
	}

	/** A client of {@code /sockjs} over its WebSocket transport. */
	public static StompTestClient sockJsWebSocket(int port) {
		return sockJs(port, List.of(new WebSocketTransport(Sockets.client())));
	}

	private static StompTestClient sockJs(int port, List<Transport> transports) {
		return new StompTestClient(new SockJsClient(transports), "http://127.0.0.1:" + port + "/sockjs");
	}

	/**
	 * Connect with {@code Authorization: Bearer <token>}; fails the test if the server
	 * refuses.
	 */
	public Session connect(String token) {
		StompHeaders connect = new StompHeaders();
		connect.add("Authorization", "Bearer " + token);
		return connect(connect, true);
	}

	/**
	 * Connect with the given CONNECT headers and expect refusal.
	 * @return the ERROR frame the server sent before closing
	 */
	public Frame connectExpectingError(StompHeaders connectHeaders) {
		Session session = connect(connectHeaders, false);
		Frame error = session.awaitErrorFrame();
		session.awaitClosed();
		return error;
	}

	private Session connect(StompHeaders connectHeaders, boolean expectConnected) {
		Session session = new Session();
		CompletableFuture<StompSession> future = this.client.connectAsync(URI.create(this.url),
				new WebSocketHttpHeaders(), connectHeaders, session.handler);
		if (!expectConnected) {
			return session;
		}
		try {
			session.stomp = future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (Exception ex) {
			fail("STOMP CONNECT failed; ERROR frames: " + session.errorFrames, ex);
		}
		return session;
	}

	@Override
	public void close() {
		this.client.stop();
		this.scheduler.shutdown();
	}

	/**
	 * Bodies stay bytes whatever their content type, so tests see exactly what was on the
	 * wire.
	 */
	private static final class RawBytes extends AbstractMessageConverter {

		RawBytes() {
			super(MimeTypeUtils.ALL);
			setStrictContentTypeMatch(false);
		}

		@Override
		protected boolean supports(Class<?> clazz) {
			return byte[].class == clazz;
		}

		@Override
		protected Object convertFromInternal(Message<?> message, Class<?> targetClass, @Nullable Object hint) {
			return message.getPayload();
		}

		@Override
		protected Object convertToInternal(Object payload, @Nullable MessageHeaders headers, @Nullable Object hint) {
			return payload;
		}

	}

	/** A frame as received: headers and body. */
	public record Frame(StompHeaders headers, byte[] body) {

		public String text() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

		public JsonNode json() {
			return JSON.readTree(this.body);
		}

		public @Nullable String header(String name) {
			return this.headers.getFirst(name);
		}

	}

	/** Frames arriving on one subscription. */
	public static final class Subscription {

		private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();

		private StompSession.@Nullable Subscription handle;

		private Session.@Nullable Receipt receipt;

		/** The receipt of a {@link Session#subscribeWithReceipt} subscription. */
		public Session.Receipt receipt() {
			assertThat(this.receipt).as("subscribed with a receipt").isNotNull();
			return this.receipt;
		}

		/** The next frame; fails the test if none comes in time. */
		public Frame next() {
			try {
				Frame frame = this.frames.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
				assertThat(frame)
					.as("a frame on %s within %s",
							this.handle != null ? this.handle.getSubscriptionHeaders().getDestination() : "?", TIMEOUT)
					.isNotNull();
				return frame;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		/** The next frame's JSON body. */
		public JsonNode nextJson() {
			return next().json();
		}

		/** Skip frames until one matches; fails the test if none does in time. */
		public JsonNode nextJsonWhere(java.util.function.Predicate<JsonNode> condition) {
			return nextJsonWhere(condition, TIMEOUT);
		}

		/**
		 * Skip frames until one matches; fails the test if none does within the timeout.
		 */
		public JsonNode nextJsonWhere(java.util.function.Predicate<JsonNode> condition, Duration timeout) {
			long deadline = System.nanoTime() + timeout.toNanos();
			while (System.nanoTime() < deadline) {
				Frame frame = pollFrame(Duration.ofNanos(deadline - System.nanoTime()));
				if (frame != null && condition.test(frame.json())) {
					return frame.json();
				}
			}
			return fail("no matching frame within " + timeout);
		}

		/** Assert that nothing arrives for {@link #QUIET}. */
		public void expectNothing() {
			Frame frame = pollFrame(QUIET);
			assertThat(frame).as("no frame expected, got %s", frame == null ? "" : frame.text()).isNull();
		}

		private @Nullable Frame pollFrame(Duration timeout) {
			try {
				return this.frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		/** The next frame's JSON body, or null if none arrives within the timeout. */
		public @Nullable JsonNode poll(Duration timeout) {
			Frame frame = pollFrame(timeout);
			return (frame != null) ? frame.json() : null;
		}

		public void unsubscribe() {
			if (this.handle != null) {
				this.handle.unsubscribe();
			}
		}

	}

	/** One connected STOMP session. */
	public static final class Session implements AutoCloseable {

		private final AtomicInteger ids = new AtomicInteger();

		private final BlockingQueue<Frame> errorFrames = new LinkedBlockingQueue<>();

		private final CompletableFuture<Throwable> closed = new CompletableFuture<>();

		private final Handler handler = new Handler();

		private @Nullable StompSession stomp;

		private @Nullable Subscription errors;

		private Session() {
		}

		public StompSession stomp() {
			assertThat(this.stomp).as("connected").isNotNull();
			return this.stomp;
		}

		/**
		 * Subscribe, and wait until the server confirms the subscription with a RECEIPT.
		 */
		public Subscription subscribe(String destination) {
			Subscription subscription = subscribeWithReceipt(destination);
			subscription.receipt().await();
			return subscription;
		}

		/**
		 * Subscribe without waiting for the server (for subscriptions that are expected
		 * to be refused).
		 */
		public Subscription subscribeAsync(String destination) {
			Subscription subscription = new Subscription();
			subscription.handle = stomp().subscribe(destination, frameHandler(subscription.frames));
			return subscription;
		}

		/**
		 * SUBSCRIBE with a receipt header without waiting for it; the subscription's
		 * {@link Subscription#receipt()} completes when the server confirms.
		 */
		public Subscription subscribeWithReceipt(String destination) {
			String receipt = "sub-" + this.ids.incrementAndGet();
			Subscription subscription = new Subscription();
			subscription.receipt = new Receipt(receipt);
			StompHeaders headers = new StompHeaders();
			headers.setDestination(destination);
			headers.setReceipt(receipt);
			subscription.handle = stomp().subscribe(headers, frameHandler(subscription.frames));
			Receipt confirmed = subscription.receipt;
			subscription.handle
				.addReceiptTask((StompHeaders receiptHeaders) -> confirmed.received.complete(receiptHeaders));
			return subscription;
		}

		/** {@code /user/queue/errors}, subscribed on first use. */
		public Subscription errors() {
			if (this.errors == null) {
				this.errors = subscribe("/user/queue/errors");
			}
			return this.errors;
		}

		/** SEND a JSON body built from the object. */
		public void send(String destination, Object payload) {
			sendRaw(destination, JSON.writeValueAsBytes(payload), null);
		}

		/** SEND a JSON body with a receipt header. */
		public Receipt sendWithReceipt(String destination, Object payload) {
			return sendRaw(destination, JSON.writeValueAsBytes(payload), "r-" + this.ids.incrementAndGet());
		}

		/** SEND the body as given, with content-type application/json. */
		public Receipt sendRaw(String destination, byte[] body, @Nullable String receipt) {
			StompHeaders headers = new StompHeaders();
			headers.setDestination(destination);
			headers.setContentType(MimeTypeUtils.APPLICATION_JSON);
			if (receipt != null) {
				headers.setReceipt(receipt);
			}
			Receipt result = new Receipt(receipt);
			StompSession.Receiptable receiptable = stomp().send(headers, body);
			if (receipt != null) {
				receiptable.addReceiptTask((StompHeaders receiptHeaders) -> result.received.complete(receiptHeaders));
			}
			return result;
		}

		/**
		 * {@code SEND /app/session.refresh} with the token in the {@code Authorization}
		 * header, with a receipt.
		 */
		public Receipt refresh(String token) {
			String receipt = "refresh-" + this.ids.incrementAndGet();
			StompHeaders headers = new StompHeaders();
			headers.setDestination("/app/session.refresh");
			headers.add("Authorization", "Bearer " + token);
			headers.setReceipt(receipt);
			Receipt result = new Receipt(receipt);
			stomp().send(headers, new byte[0])
				.addReceiptTask((StompHeaders receiptHeaders) -> result.received.complete(receiptHeaders));
			return result;
		}

		/** The next ERROR frame; fails if none comes in time. */
		public Frame awaitErrorFrame() {
			try {
				Frame frame = this.errorFrames.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
				assertThat(frame).as("an ERROR frame within %s", TIMEOUT).isNotNull();
				return frame;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		/** Wait until the server has closed the connection. */
		public void awaitClosed() {
			this.closed.orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
		}

		public boolean isConnected() {
			return this.stomp != null && this.stomp.isConnected();
		}

		public String sessionId() {
			return stomp().getSessionId();
		}

		@Override
		public void close() {
			if (this.stomp != null && this.stomp.isConnected()) {
				this.stomp.disconnect();
			}
		}

		private static StompFrameHandler frameHandler(BlockingQueue<Frame> queue) {
			return new StompFrameHandler() {
				@Override
				public Type getPayloadType(StompHeaders headers) {
					return byte[].class;
				}

				@Override
				public void handleFrame(StompHeaders headers, @Nullable Object payload) {
					queue.add(new Frame(headers, (payload != null) ? (byte[]) payload : new byte[0]));
				}
			};
		}

		private final class Handler extends StompSessionHandlerAdapter {

			@Override
			public Type getPayloadType(StompHeaders headers) {
				return byte[].class;
			}

			@Override
			public void handleFrame(StompHeaders headers, @Nullable Object payload) {
				// the session handler receives ERROR frames
				Session.this.errorFrames.add(new Frame(headers, (payload != null) ? (byte[]) payload : new byte[0]));
			}

			@Override
			public void handleTransportError(StompSession session, Throwable exception) {
				Session.this.closed.complete(exception);
			}

		}

		/** The outcome of a SEND that asked for a receipt. */
		public static final class Receipt {

			private final @Nullable String id;

			private final CompletableFuture<StompHeaders> received = new CompletableFuture<>();

			Receipt(@Nullable String id) {
				this.id = id;
			}

			public String id() {
				assertThat(this.id).isNotNull();
				return this.id;
			}

			public boolean isReceived() {
				return this.received.isDone() && !this.received.isCompletedExceptionally();
			}

			public void await() {
				headers();
			}

			/** Wait for the RECEIPT and return its headers. */
			public StompHeaders headers() {
				return this.received.orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
			}

			/**
			 * Assert that no RECEIPT has arrived (call after the error for this frame has
			 * been seen).
			 */
			public void expectNone() {
				try {
					this.received.get(QUIET.toMillis(), TimeUnit.MILLISECONDS);
					fail("expected no RECEIPT for " + this.id);
				}
				catch (java.util.concurrent.TimeoutException expected) {
					// good
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}

		}

	}

}
