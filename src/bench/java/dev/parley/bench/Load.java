package dev.parley.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many STOMP-over-WebSocket sessions from one process: the JDK's HTTP client (one
 * selector thread for every socket, two worker threads for callbacks), minimal STOMP
 * framing written by hand, nothing parsed but what the benchmark needs (the send
 * timestamp in a MESSAGE body, receipt ids). Heartbeats: one timer writes a newline to
 * every session every 10 s, a hundredth of the sessions every 100 ms.
 */
final class StompLoad implements AutoCloseable {

	/**
	 * What a subscriber learns from a MESSAGE: the sender's {@code System.nanoTime()}
	 * when it sent it.
	 */
	interface Deliveries {

		void delivered(long sentNanos, long receivedNanos);

	}

	private final ExecutorService workers = Executors.newFixedThreadPool(2, daemon("bench-ws"));

	private final HttpClient http = HttpClient.newBuilder()
		.executor(this.workers)
		.connectTimeout(Duration.ofSeconds(30))
		.version(HttpClient.Version.HTTP_1_1)
		.build();

	private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(daemon("bench-hb"));

	private final Map<Session, Boolean> sessions = new ConcurrentHashMap<>();

	private final Deliveries deliveries;

	private static final long HEARTBEAT_MILLIS = 10_000;

	private static final int HEARTBEAT_SLOTS = 100;

	private long tick;

	private int nextSlot;

	final AtomicLong errors = new AtomicLong();

	final AtomicLong closedByServer = new AtomicLong();

	StompLoad(Deliveries deliveries) {
		this.deliveries = deliveries;
		// every session every 10 s, spread over the period as real clients' own timers
		// are (one burst of 10,000 heartbeats at once made a latency spike at the server
		// that no real population of clients makes)
		this.heartbeats.scheduleAtFixedRate(() -> {
			int slot = (int) (this.tick++ % HEARTBEAT_SLOTS);
			this.sessions.keySet().forEach(s -> {
				if (s.heartbeatSlot == slot) {
					s.write("\n");
				}
			});
		}, HEARTBEAT_MILLIS / HEARTBEAT_SLOTS, HEARTBEAT_MILLIS / HEARTBEAT_SLOTS, TimeUnit.MILLISECONDS);
	}

	/** Opens a socket and sends CONNECT; the future completes on CONNECTED. */
	CompletableFuture<Session> connect(URI uri, Map<String, String> connectHeaders) {
		Session session = new Session();
		synchronized (this) {
			session.heartbeatSlot = this.nextSlot++ % HEARTBEAT_SLOTS;
		}
		StringBuilder frame = new StringBuilder("CONNECT\naccept-version:1.2\nheart-beat:10000,10000\n");
		connectHeaders.forEach((k, v) -> frame.append(k).append(':').append(v).append('\n'));
		frame.append('\n').append('\0');
		return this.http.newWebSocketBuilder()
			.subprotocols("v12.stomp", "v11.stomp")
			.connectTimeout(Duration.ofSeconds(30))
			.buildAsync(uri, session)
			.thenCompose(ws -> {
				session.ws = ws;
				this.sessions.put(session, Boolean.TRUE);
				session.write(frame.toString());
				return session.connected;
			});
	}

	int open() {
		return this.sessions.size();
	}

	/**
	 * Drops every socket at once without a DISCONNECT, as a dying node or network would.
	 */
	void abortAll() {
		this.sessions.keySet().forEach(Session::abort);
		this.sessions.clear();
	}

	@Override
	public void close() {
		this.heartbeats.shutdownNow();
		abortAll();
		this.workers.shutdownNow();
	}

	static String sendFrame(String destination, String body, String receipt) {
		return "SEND\ndestination:" + destination + "\ncontent-type:application/json\n"
				+ (receipt != null ? "receipt:" + receipt + "\n" : "") + "\n" + body + "\0";
	}

	private static java.util.concurrent.ThreadFactory daemon(String name) {
		return runnable -> {
			Thread thread = new Thread(runnable, name);
			thread.setDaemon(true);
			return thread;
		};
	}

	final class Session implements WebSocket.Listener {

		volatile WebSocket ws;

		int heartbeatSlot;

		final CompletableFuture<Session> connected = new CompletableFuture<>();

		private final Map<String, CompletableFuture<Void>> receipts = new ConcurrentHashMap<>();

		private final StringBuilder partial = new StringBuilder();

		private CompletableFuture<WebSocket> sending = CompletableFuture.completedFuture(null);

		private int receiptCounter;

		/**
		 * Writes in order: the JDK socket allows one outstanding send, so sends are
		 * chained.
		 */
		synchronized void write(String text) {
			WebSocket socket = this.ws;
			if (socket == null || socket.isOutputClosed()) {
				return;
			}
			this.sending = this.sending.exceptionally(ex -> null).thenCompose(x -> socket.sendText(text, true));
		}

		CompletableFuture<Void> subscribe(String destination) {
			String receipt = nextReceipt();
			CompletableFuture<Void> done = new CompletableFuture<>();
			this.receipts.put(receipt, done);
			write("SUBSCRIBE\nid:" + receipt + "\ndestination:" + destination + "\nreceipt:" + receipt + "\n\n\0");
			return done;
		}

		void send(String destination, String body) {
			write(sendFrame(destination, body, null));
		}

		private synchronized String nextReceipt() {
			return "r" + (++this.receiptCounter);
		}

		void abort() {
			WebSocket socket = this.ws;
			if (socket != null) {
				socket.abort();
			}
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.partial.append(data);
			if (last || this.partial.indexOf("\0") >= 0) {
				int end;
				while ((end = this.partial.indexOf("\0")) >= 0) {
					String frame = this.partial.substring(0, end);
					this.partial.delete(0, end + 1);
					handle(frame);
				}
			}
			webSocket.request(1);
			return null;
		}

		private void handle(String frame) {
			int start = 0;
			while (start < frame.length() && (frame.charAt(start) == '\n' || frame.charAt(start) == '\r')) {
				start++; // heartbeats
			}
			if (start >= frame.length()) {
				return;
			}
			if (frame.startsWith("MESSAGE", start)) {
				long received = System.nanoTime();
				int body = frame.indexOf("\n\n", start);
				long sent = parseStamp(frame, body + 2);
				if (sent > 0) {
					StompLoad.this.deliveries.delivered(sent, received);
				}
			}
			else if (frame.startsWith("RECEIPT", start)) {
				String id = header(frame, "receipt-id");
				CompletableFuture<Void> done = id != null ? this.receipts.remove(id) : null;
				if (done != null) {
					done.complete(null);
				}
			}
			else if (frame.startsWith("CONNECTED", start)) {
				this.connected.complete(this);
			}
			else if (frame.startsWith("ERROR", start)) {
				StompLoad.this.errors.incrementAndGet();
				IllegalStateException error = new IllegalStateException("ERROR " + header(frame, "message"));
				this.connected.completeExceptionally(error);
				this.receipts.values().forEach(r -> r.completeExceptionally(error));
			}
		}

		@Override
		public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			StompLoad.this.closedByServer.incrementAndGet();
			StompLoad.this.sessions.remove(this);
			IllegalStateException error = new IllegalStateException("closed " + statusCode + " " + reason);
			this.connected.completeExceptionally(error);
			this.receipts.values().forEach(r -> r.completeExceptionally(error));
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			StompLoad.this.sessions.remove(this);
			this.connected.completeExceptionally(error);
			this.receipts.values().forEach(r -> r.completeExceptionally(error));
		}

	}

	/**
	 * The number after the first {@code b} marker in a body: Parley's JSON
	 * ({@code "content":"b123"}) or raw.
	 */
	static long parseStamp(String frame, int from) {
		int marker = frame.indexOf("\"content\":\"b", from);
		int i = marker >= 0 ? marker + 12 : (from < frame.length() && frame.charAt(from) == 'b' ? from + 1 : -1);
		if (i < 0) {
			return -1;
		}
		long value = 0;
		int digits = 0;
		while (i < frame.length() && Character.isDigit(frame.charAt(i))) {
			value = value * 10 + (frame.charAt(i++) - '0');
			digits++;
		}
		return digits > 0 ? value : -1;
	}

	private static String header(String frame, String name) {
		int i = frame.indexOf("\n" + name + ":");
		if (i < 0) {
			return null;
		}
		int end = frame.indexOf('\n', i + 1);
		return frame.substring(i + name.length() + 2, end < 0 ? frame.length() : end);
	}

}
