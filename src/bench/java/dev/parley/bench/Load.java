package dev.parley.bench;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many sessions from one process over one WebSocket client ({@link WebSockets}, Netty on
 * two event loop threads for every socket), speaking STOMP 1.2 or, to the Socket.IO
 * target, Engine.IO v4 / Socket.IO v5 ({@link SocketIo}); both framings are written by
 * hand and nothing is parsed but what the benchmark needs (the send timestamp in a
 * message body, receipt and ack ids). STOMP heartbeats: one timer writes a newline to
 * every session every 10 s, a hundredth of the sessions every 100 ms. Socket.IO has the
 * server ping instead; every ping is answered.
 */
final class Load implements AutoCloseable {

	/** What the sessions speak over their WebSockets. */
	enum Protocol {

		/** STOMP 1.2, subprotocols {@code v12.stomp, v11.stomp}. */
		STOMP,

		/**
		 * Socket.IO 5 over Engine.IO 4: rooms joined with an acknowledged {@code join}
		 * event, messages sent with {@code send} and received as {@code message}.
		 */
		SOCKET_IO

	}

	/**
	 * What a subscriber learns from a MESSAGE: the sender's {@code System.nanoTime()}
	 * when it sent it.
	 */
	interface Deliveries {

		void delivered(long sentNanos, long receivedNanos);

	}

	private final WebSockets sockets;

	private final Protocol protocol;

	private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(daemon("bench-hb"));

	private final Map<Session, Boolean> sessions = new ConcurrentHashMap<>();

	private final Deliveries deliveries;

	private static final long HEARTBEAT_MILLIS = 10_000;

	private static final int HEARTBEAT_SLOTS = 100;

	private long tick;

	private int nextSlot;

	final AtomicLong errors = new AtomicLong();

	final AtomicLong closedByServer = new AtomicLong();

	/**
	 * @param deflate whether every socket offers permessage-deflate as browsers do
	 */
	Load(Deliveries deliveries, Protocol protocol, boolean deflate) {
		this.deliveries = deliveries;
		this.protocol = protocol;
		this.sockets = new WebSockets(2, deflate);
		if (protocol == Protocol.STOMP) {
			// every session every 10 s, spread over the period as real clients' own
			// timers are (one burst of 10,000 heartbeats at once made a latency spike at
			// the server that no real population of clients makes)
			this.heartbeats.scheduleAtFixedRate(() -> {
				int slot = (int) (this.tick++ % HEARTBEAT_SLOTS);
				this.sessions.keySet().forEach(s -> {
					if (s.heartbeatSlot == slot) {
						s.write("\n");
					}
				});
			}, HEARTBEAT_MILLIS / HEARTBEAT_SLOTS, HEARTBEAT_MILLIS / HEARTBEAT_SLOTS, TimeUnit.MILLISECONDS);
		}
	}

	/**
	 * Opens a socket and connects (STOMP: CONNECT; Socket.IO: the default namespace); the
	 * future completes on CONNECTED (Socket.IO: the namespace's connect packet).
	 */
	CompletableFuture<Session> connect(URI uri, Map<String, String> connectHeaders) {
		Session session = new Session();
		synchronized (this) {
			session.heartbeatSlot = this.nextSlot++ % HEARTBEAT_SLOTS;
		}
		List<String> subprotocols = (this.protocol == Protocol.STOMP) ? List.of("v12.stomp", "v11.stomp") : List.of();
		return this.sockets.connect(uri, subprotocols, session).thenCompose(socket -> {
			session.socket = socket;
			this.sessions.put(session, Boolean.TRUE);
			if (this.protocol == Protocol.STOMP) {
				StringBuilder frame = new StringBuilder("CONNECT\naccept-version:1.2\nheart-beat:10000,10000\n");
				connectHeaders.forEach((k, v) -> frame.append(k).append(':').append(v).append('\n'));
				frame.append('\n').append('\0');
				session.write(frame.toString());
			}
			// Socket.IO: the server speaks first (its open packet)
			return session.connected;
		});
	}

	int open() {
		return this.sessions.size();
	}

	/** How many of the open sessions negotiated permessage-deflate. */
	int deflateSessions() {
		return (int) this.sessions.keySet().stream().filter(Session::deflate).count();
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
		this.sockets.close();
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

	final class Session implements WebSockets.Listener {

		volatile WebSockets.Socket socket;

		int heartbeatSlot;

		final CompletableFuture<Session> connected = new CompletableFuture<>();

		/** Receipts (STOMP) or acks (Socket.IO) awaited, by id. */
		private final Map<String, CompletableFuture<Void>> receipts = new ConcurrentHashMap<>();

		private final StringBuilder partial = new StringBuilder();

		private int receiptCounter;

		/**
		 * Writes one WebSocket message; writes go out in the order they are made (one
		 * lock per session).
		 */
		synchronized void write(String text) {
			WebSockets.Socket socket = this.socket;
			if (socket == null || !socket.isOpen()) {
				return;
			}
			socket.send(text);
		}

		boolean deflate() {
			WebSockets.Socket socket = this.socket;
			return socket != null && socket.deflate;
		}

		/**
		 * Subscribes to a destination (Socket.IO: joins a room); completes on the receipt
		 * (the ack).
		 */
		CompletableFuture<Void> subscribe(String destination) {
			int id = nextReceipt();
			CompletableFuture<Void> done = new CompletableFuture<>();
			if (Load.this.protocol == Protocol.STOMP) {
				String receipt = "r" + id;
				this.receipts.put(receipt, done);
				write("SUBSCRIBE\nid:" + receipt + "\ndestination:" + destination + "\nreceipt:" + receipt + "\n\n\0");
			}
			else {
				this.receipts.put(String.valueOf(id), done);
				write(SocketIo.event(id, "join", destination));
			}
			return done;
		}

		void send(String destination, String body) {
			write((Load.this.protocol == Protocol.STOMP) ? sendFrame(destination, body, null)
					: SocketIo.event(-1, "send", destination, body));
		}

		private synchronized int nextReceipt() {
			return ++this.receiptCounter;
		}

		void abort() {
			WebSockets.Socket socket = this.socket;
			if (socket != null) {
				socket.abort();
			}
		}

		@Override
		public void onText(String text) {
			if (Load.this.protocol == Protocol.SOCKET_IO) {
				socketIo(text);
				return;
			}
			// a STOMP frame may span WebSocket messages, and one message hold several
			this.partial.append(text);
			int end;
			while ((end = this.partial.indexOf("\0")) >= 0) {
				String frame = this.partial.substring(0, end);
				this.partial.delete(0, end + 1);
				handle(frame);
			}
			if (this.partial.length() > 0 && this.partial.chars().allMatch(c -> c == '\n' || c == '\r')) {
				this.partial.setLength(0); // heartbeats
			}
		}

		private void socketIo(String text) {
			SocketIo.Packet packet = SocketIo.parse(text);
			switch (packet.engineType()) {
				case SocketIo.OPEN -> write(SocketIo.CONNECT);
				case SocketIo.PING -> write(SocketIo.PONG);
				case SocketIo.CLOSE -> onClose(1000, "engine.io close");
				case SocketIo.MESSAGE -> {
					switch (packet.socketType()) {
						case SocketIo.SIO_EVENT -> {
							long received = System.nanoTime();
							long sent = SocketIo.messageStamp(packet);
							if (sent > 0) {
								Load.this.deliveries.delivered(sent, received);
							}
						}
						case SocketIo.SIO_ACK -> {
							CompletableFuture<Void> done = this.receipts.remove(String.valueOf(packet.ackId()));
							if (done != null) {
								done.complete(null);
							}
						}
						case SocketIo.SIO_CONNECT -> this.connected.complete(this);
						case SocketIo.SIO_CONNECT_ERROR -> failed("connect error " + packet.data());
						case SocketIo.SIO_DISCONNECT -> onClose(1000, "socket.io disconnect");
						default -> {
						}
					}
				}
				default -> {
				}
			}
		}

		private void failed(String message) {
			Load.this.errors.incrementAndGet();
			IllegalStateException error = new IllegalStateException(message);
			this.connected.completeExceptionally(error);
			this.receipts.values().forEach(r -> r.completeExceptionally(error));
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
					Load.this.deliveries.delivered(sent, received);
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
				failed("ERROR " + header(frame, "message"));
			}
		}

		@Override
		public void onClose(int statusCode, String reason) {
			Load.this.closedByServer.incrementAndGet();
			Load.this.sessions.remove(this);
			IllegalStateException error = new IllegalStateException("closed " + statusCode + " " + reason);
			this.connected.completeExceptionally(error);
			this.receipts.values().forEach(r -> r.completeExceptionally(error));
		}

		@Override
		public void onError(Throwable error) {
			Load.this.sessions.remove(this);
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
