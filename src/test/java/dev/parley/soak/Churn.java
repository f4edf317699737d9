package dev.parley.soak;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

import dev.parley.support.Api;
import dev.parley.support.StompTestClient;
import dev.parley.support.StompTestClient.Session;
import dev.parley.support.TcpWebSocket;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The soak's load: workers that each, until a deadline, pick an episode and play it
 * against the node: chats that leave in every way, refreshed and expiring tokens, slow
 * readers, and abuse. Every message the server acknowledged with a RECEIPT is recorded,
 * with its content, for the history check. Episodes assert what the server answers, so a
 * wrong answer fails the soak, not only a leak.
 */
final class Churn {

	/**
	 * Tokens live this long: longer than any episode (whose steps each wait at most
	 * {@link Wire#TIMEOUT}), short enough that the node's cache of verified tokens has
	 * let them all go soon after the churn ends.
	 */
	static final Duration TOKEN_LIFE = Duration.ofSeconds(30);

	/** Members of a chat room; a user has at most this many sessions at once. */
	private static final int ROOM_SIZE = 6;

	/**
	 * A slow reader gets at most this many 48 KB notifications (10 MB) before the node
	 * must have counted it as too slow.
	 */
	private static final int MAX_FLOOD = 200;

	private static final String FLOOD_CONTENT = "x".repeat(48_000);

	private final int port;

	private final Api api;

	private final List<Room> rooms = new ArrayList<>();

	/** The room of one reader and one flooder, for one slow-reader episode at a time. */
	private final Room floodRoom;

	private final ReentrantLock floodLock = new ReentrantLock();

	/** The node's count of sessions closed as too slow. */
	private final java.util.function.DoubleSupplier slowSessions;

	/** Messages acknowledged with a RECEIPT, by client message id. */
	private final Map<String, Acked> acked = new ConcurrentHashMap<>();

	private final Map<String, LongAdder> episodes = new ConcurrentHashMap<>();

	private final Map<Wire.Leave, LongAdder> leaves = new ConcurrentHashMap<>();

	private final LongAdder sessions = new LongAdder();

	private final LongAdder sent = new LongAdder();

	private final LongAdder flooded = new LongAdder();

	private final AtomicLong ids = new AtomicLong();

	private final String run = UUID.randomUUID().toString().substring(0, 8);

	Churn(int port, int chatRooms, java.util.function.DoubleSupplier slowSessions) {
		this.port = port;
		this.api = new Api(port);
		this.slowSessions = slowSessions;
		for (int i = 0; i < chatRooms; i++) {
			this.rooms.add(room("chat", ROOM_SIZE));
		}
		this.floodRoom = room("flood", 2);
	}

	/** A conversation of fresh users, made with a short-lived token. */
	private Room room(String prefix, int size) {
		List<String> members = new ArrayList<>();
		for (int i = 0; i < size; i++) {
			members.add(Api.newUser(prefix + i));
		}
		Api.Response created = this.api.postJson("/api/conversations", token(members.get(0)),
				Map.of("title", prefix, "members", members.subList(1, size)));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return new Room(UUID.fromString(created.json().get("id").asString()), List.copyOf(members));
	}

	static String token(String user) {
		return Api.token(user, TOKEN_LIFE, "USER");
	}

	List<Room> allRooms() {
		List<Room> all = new ArrayList<>(this.rooms);
		all.add(this.floodRoom);
		return all;
	}

	Map<String, Acked> acked() {
		return Collections.unmodifiableMap(this.acked);
	}

	long sessions() {
		return this.sessions.sum();
	}

	long sent() {
		return this.sent.sum();
	}

	String counts() {
		return "episodes " + new java.util.TreeMap<>(this.episodes) + ", leaves " + new java.util.TreeMap<>(this.leaves)
				+ ", flooded " + this.flooded.sum() + " x 48 KB notifications";
	}

	/**
	 * Every user once: connect, subscribe, type, go away and back, leave. So that each
	 * user's lasting state (its signal allowance, its presence row) exists before the
	 * baseline is taken.
	 */
	void tour() throws IOException {
		for (Room room : allRooms()) {
			for (String member : room.members()) {
				try (Wire wire = Wire.connect(this.port, token(member))) {
					this.sessions.increment();
					wire.subscribe(room.topic());
					wire.subscribe(room.topic() + ".typing");
					wire.sendQuietly(room.typingDestination(), "{\"typing\":true}");
					wire.sendQuietly("/app/presence", "{\"status\":\"away\"}");
					wire.sendQuietly("/app/presence", "{\"status\":\"online\"}");
					wire.sendQuietly(room.typingDestination(), "{\"typing\":false}");
					chat(wire, room, member, 1);
					wire.leave(Wire.Leave.DISCONNECT);
				}
			}
		}
	}

	/**
	 * Episodes on this many workers until the time is up; rethrows the first failure
	 * (which stops the others).
	 */
	void run(Duration duration, int workers) throws Exception {
		long deadline = System.nanoTime() + duration.toNanos();
		AtomicReference<Throwable> failure = new AtomicReference<>();
		ExecutorService pool = Executors.newFixedThreadPool(workers);
		List<Future<?>> running = new ArrayList<>();
		for (int w = 0; w < workers; w++) {
			SplittableRandom random = new SplittableRandom(w * 7919L + System.nanoTime());
			running.add(pool.submit(() -> {
				while (System.nanoTime() < deadline && failure.get() == null) {
					try {
						episode(random);
					}
					catch (Throwable ex) {
						failure.compareAndSet(null, ex);
					}
				}
			}));
		}
		pool.shutdown();
		for (Future<?> worker : running) {
			worker.get(duration.toSeconds() + 120, TimeUnit.SECONDS);
		}
		if (failure.get() != null) {
			throw new AssertionError("an episode failed", failure.get());
		}
	}

	private void episode(SplittableRandom random) throws Exception {
		int pick = random.nextInt(20);
		String kind;
		if (pick < 9) {
			kind = "chat";
			chatEpisode(random);
		}
		else if (pick < 10) {
			kind = "spring-client";
			springClientEpisode(random);
		}
		else if (pick < 12) {
			kind = "refresh";
			refreshEpisode(random);
		}
		else if (pick < 13) {
			kind = "expiry";
			expiryEpisode(random);
		}
		else if (pick < 15 && slowReaderEpisode(random)) {
			kind = "slow-reader";
		}
		else {
			kind = "abuse-" + abuseEpisode(random);
		}
		this.episodes.computeIfAbsent(kind, k -> new LongAdder()).increment();
	}

	private Wire connect(String user) throws IOException {
		return connect(user, token(user), 0);
	}

	private Wire connect(String user, String token, int receiveBuffer) throws IOException {
		Wire wire = Wire.connect(this.port, token, receiveBuffer);
		this.sessions.increment();
		return wire;
	}

	private void leave(Wire wire, SplittableRandom random) throws IOException {
		Wire.Leave way = Wire.Leave.values()[random.nextInt(Wire.Leave.values().length)];
		wire.leave(way);
		this.leaves.computeIfAbsent(way, k -> new LongAdder()).increment();
	}

	/** Send this many messages with receipts and wait for them; returns their ids. */
	private Set<String> chat(Wire wire, Room room, String sender, int messages) throws IOException {
		Map<String, String> receipts = new java.util.LinkedHashMap<>();
		for (int i = 0; i < messages; i++) {
			String id = this.run + "-" + this.ids.incrementAndGet();
			String content = "soak " + id + " from " + sender;
			receipts.put(wire.send(room.sendDestination(), json(content, id)), id);
			this.sent.increment();
			this.acked.put(id, new Acked(room.id(), content, false));
		}
		// recorded before the send so that no receipt can come before its record; kept
		// only once acknowledged
		for (Map.Entry<String, String> receipt : receipts.entrySet()) {
			try {
				wire.awaitReceipt(receipt.getKey());
			}
			catch (AssertionError | IOException ex) {
				receipts.values().forEach(this.acked::remove);
				throw ex;
			}
			this.acked.computeIfPresent(receipt.getValue(), (id, acked) -> acked.confirmed());
		}
		return new LinkedHashSet<>(receipts.values());
	}

	private static String json(String content, String clientMessageId) {
		return "{\"content\":\"" + content + "\",\"clientMessageId\":\"" + clientMessageId + "\"}";
	}

	/**
	 * Two or three members meet in a room: they subscribe, one types, each sends three
	 * messages with receipts, each sees everyone's, and each leaves in a way of its own.
	 */
	private void chatEpisode(SplittableRandom random) throws IOException {
		Room room = this.rooms.get(random.nextInt(this.rooms.size()));
		List<String> members = new ArrayList<>(room.members());
		Collections.shuffle(members, new java.util.Random(random.nextLong()));
		List<String> present = members.subList(0, 2 + random.nextInt(2));
		List<Wire> wires = new ArrayList<>();
		try {
			for (String member : present) {
				Wire wire = connect(member);
				wires.add(wire);
				wire.subscribe(room.topic());
			}
			Wire typist = wires.get(0);
			typist.subscribe("/user/queue/errors");
			typist.subscribe(room.topic() + ".typing");
			typist.sendQuietly(room.typingDestination(), "{\"typing\":true}");
			Set<String> said = new LinkedHashSet<>();
			for (int i = 0; i < wires.size(); i++) {
				said.addAll(chat(wires.get(i), room, present.get(i), 3));
			}
			for (Wire wire : wires) {
				wire.awaitMessages(said);
				wire.clearInbox();
			}
			if (random.nextBoolean()) {
				typist.sendQuietly(room.typingDestination(), "{\"typing\":false}");
			}
			for (Wire wire : wires) {
				leave(wire, random);
			}
		}
		finally {
			for (Wire wire : wires) {
				wire.close();
			}
		}
	}

	/** Spring's STOMP client (heartbeats on), which leaves with DISCONNECT. */
	private void springClientEpisode(SplittableRandom random) {
		Room room = this.rooms.get(random.nextInt(this.rooms.size()));
		String member = room.members().get(random.nextInt(ROOM_SIZE));
		try (StompTestClient client = StompTestClient.nativeWebSocket(this.port);
				Session session = client.connect(token(member))) {
			this.sessions.increment();
			StompTestClient.Subscription messages = session.subscribe(room.topic());
			String id = this.run + "-" + this.ids.incrementAndGet();
			String content = "soak " + id + " from " + member;
			this.acked.put(id, new Acked(room.id(), content, false));
			this.sent.increment();
			session.sendWithReceipt(room.sendDestination(), Map.of("content", content, "clientMessageId", id)).await();
			this.acked.computeIfPresent(id, (key, acked) -> acked.confirmed());
			messages.nextJsonWhere(m -> id.equals(m.path("clientMessageId").asString("")));
		}
		this.leaves.computeIfAbsent(Wire.Leave.DISCONNECT, k -> new LongAdder()).increment();
	}

	/**
	 * A session whose first token lives 3 s refreshes it, then stays and works past that
	 * expiry.
	 */
	private void refreshEpisode(SplittableRandom random) throws IOException {
		Room room = this.rooms.get(random.nextInt(this.rooms.size()));
		String member = room.members().get(random.nextInt(ROOM_SIZE));
		long firstExpiry = System.currentTimeMillis() + 3_000;
		try (Wire wire = connect(member, Api.token(member, Duration.ofSeconds(3), "USER"), 0)) {
			wire.subscribe(room.topic());
			wire.awaitReceipt(wire.refresh(token(member)));
			// one past the first token's expiry (whole seconds in the token), then one
			// more
			while (System.currentTimeMillis() < firstExpiry + 1_500) {
				String text = wire.socket().poll(Duration.ofMillis(250));
				if (text != null) {
					assertThat(text).as("a refreshed session gets no ERROR").doesNotStartWith("ERROR");
				}
				assertThat(wire.socket().isOpen()).as("a refreshed session stays open").isTrue();
			}
			chat(wire, room, member, 1);
			leave(wire, random);
		}
	}

	/** A session whose token expires gets TOKEN_EXPIRED and is closed. */
	private void expiryEpisode(SplittableRandom random) throws IOException {
		Room room = this.rooms.get(random.nextInt(this.rooms.size()));
		String member = room.members().get(random.nextInt(ROOM_SIZE));
		try (Wire wire = connect(member, Api.token(member, Duration.ofSeconds(2), "USER"), 0)) {
			wire.subscribe("/user/queue/errors");
			Wire.Frame error = wire.await(frame -> frame.command().equals("ERROR"));
			assertThat(error.headers().get("message")).startsWith("TOKEN_EXPIRED");
			wire.socket().drainUntilClosed(Wire.TIMEOUT);
			wire.leave(Wire.Leave.DROP);
		}
	}

	/**
	 * A reader with a 4 KB receive buffer subscribes to its room and its notifications,
	 * and stops reading while its room gets messages and a backend service posts it 48 KB
	 * notifications, until the node counts a session as too slow (one slow reader at a
	 * time, so that one is this one): the node must cut the reader off before the end of
	 * the flood. The flood is notifications, which are not stored, because how much it
	 * takes depends on the kernel's socket buffers (from a few hundred KB to several MB
	 * on loopback) and the database's heap footprint grows with what it stores. False if
	 * the flood room is busy.
	 */
	private boolean slowReaderEpisode(SplittableRandom random) throws IOException {
		if (!this.floodLock.tryLock()) {
			return false;
		}
		Room room = this.floodRoom;
		String user = room.members().get(1);
		try (Wire reader = connect(user, token(user), 4096); Wire flooder = connect(room.members().get(0))) {
			reader.subscribe(room.topic());
			reader.subscribe("/user/queue/notifications");
			double slowBefore = this.slowSessions.getAsDouble();
			chat(flooder, room, room.members().get(0), 8);
			String service = Api.token("soak-service", TOKEN_LIFE, "SERVICE");
			String last = null;
			for (int sent = 0; this.slowSessions.getAsDouble() == slowBefore; sent++) {
				assertThat(sent).as("notifications posted without the reader counted as slow").isLessThan(MAX_FLOOD);
				last = this.run + "-n" + this.ids.incrementAndGet();
				Api.Response posted = this.api.post("/api/users/" + user + "/notifications", service,
						"{\"id\":\"" + last + "\",\"padding\":\"" + FLOOD_CONTENT + "\"}");
				assertThat(posted.status()).as(posted.body()).isEqualTo(202);
				this.flooded.increment();
			}
			List<String> got = reader.socket().drainUntilClosed(Duration.ofSeconds(30));
			String lastId = last;
			assertThat(got).as("the slow reader was cut off before the end of the flood")
				.noneMatch(frame -> frame.contains(lastId));
			reader.leave(Wire.Leave.DROP);
			leave(flooder, random);
			return true;
		}
		finally {
			this.floodLock.unlock();
		}
	}

	/**
	 * Small broadcasts, enough to overwrite all but a slot or two of the node's broadcast
	 * frame cache (256 slots; the chance a slot is missed by 1,500 is 0.3 %): before a
	 * heap measurement, so that what the cache holds is the same small frames each time,
	 * not a varying mix of 8 KB floods and chat lines.
	 */
	void flushBroadcastCache() throws IOException {
		Room room = this.rooms.get(0);
		try (Wire listener = connect(room.members().get(1)); Wire sender = connect(room.members().get(0))) {
			listener.subscribe(room.topic());
			for (int batch = 0; batch < 15; batch++) {
				for (int i = 0; i < 99; i++) {
					this.sent.increment();
					sender.sendQuietly(room.sendDestination(),
							json("flush", this.run + "-" + this.ids.incrementAndGet()));
				}
				// read as it comes: a listener that did not would be closed as too slow
				listener.awaitMessages(chat(sender, room, room.members().get(0), 1));
				listener.clearInbox();
			}
			listener.leave(Wire.Leave.DISCONNECT);
			sender.leave(Wire.Leave.DISCONNECT);
		}
	}

	/**
	 * A malformed frame on a connected session: an ERROR saying why, then the close. The
	 * ERROR goes out in order with the session's other frames, so it is never lost to the
	 * close, even right after CONNECTED.
	 */
	private void errorThenClose(Wire wire, String reason) throws IOException {
		Wire.Frame error = wire.nextFrame();
		assertThat(error).as("the ERROR before the close (%s)", reason).isNotNull();
		assertThat(error.command()).isEqualTo("ERROR");
		assertThat(error.headers().get("message")).contains(reason);
		wire.socket().drainUntilClosed(Wire.TIMEOUT);
	}

	/** One kind of abuse; returns its name. */
	private String abuseEpisode(SplittableRandom random) throws IOException {
		Room room = this.rooms.get(random.nextInt(this.rooms.size()));
		String member = room.members().get(random.nextInt(ROOM_SIZE));
		int kind = random.nextInt(9);
		switch (kind) {
			case 0 -> {
				// before CONNECT, on a socket with nothing else to write
				try (TcpWebSocket socket = TcpWebSocket.open(this.port)) {
					socket.send("SEND\ndestination /app/x\n\n{}\0");
					assertThat(socket.nextFrame(Wire.TIMEOUT)).startsWith("ERROR").contains("Malformed STOMP frame");
					socket.drainUntilClosed(Wire.TIMEOUT);
				}
				return "malformed";
			}
			case 1 -> {
				try (Wire wire = connect(member)) {
					wire.socket().send("EXPLODE\n\n\0");
					errorThenClose(wire, "unknown command");
					wire.leave(Wire.Leave.DROP);
				}
				return "unknown-command";
			}
			case 2 -> {
				try (Wire wire = connect(member)) {
					String body = "{\"content\":\"" + "x".repeat(200 * 1024) + "\"}";
					wire.socket()
						.send("SEND\ndestination:" + room.sendDestination() + "\ncontent-type:application/json\n\n"
								+ body + "\0");
					errorThenClose(wire, "buffer size limit");
					wire.leave(Wire.Leave.DROP);
				}
				return "oversize";
			}
			case 3 -> {
				try (Wire wire = connect(member)) {
					wire.subscribe("/user/queue/errors");
					for (String pattern : List.of("/topic/conversation.*", "/topic/#", "/topic/conversation.>",
							room.topic() + ".*")) {
						Wire.Frame refused = wire.awaitErrorFor(wire.subscribeAsync(pattern));
						assertThat(refused.body()).as(pattern).contains("\"code\":\"FORBIDDEN\"");
					}
					leave(wire, random);
				}
				return "wildcard";
			}
			case 4 -> {
				// the node allows 5 subscriptions per session
				try (Wire wire = connect(member)) {
					wire.subscribe("/user/queue/errors");
					wire.subscribe(room.topic());
					wire.subscribe(room.topic() + ".typing");
					wire.subscribe(room.topic() + ".presence");
					wire.subscribe("/user/queue/notifications");
					Wire.Frame refused = wire.awaitErrorFor(wire.subscribeAsync("/user/queue/conversations"));
					assertThat(refused.body()).contains("\"code\":\"RATE_LIMITED\"");
					wire.unsubscribe(5);
					wire.subscribe("/user/queue/files");
					leave(wire, random);
				}
				return "subscription-limit";
			}
			case 5 -> {
				try (Wire wire = connect(member)) {
					wire.subscribe("/user/queue/errors");
					Wire.Frame refused = wire
						.awaitErrorFor(wire.send(room.sendDestination(), "{\"content\": \"unterminated"));
					assertThat(refused.command()).isEqualTo("MESSAGE");
					Wire.Frame empty = wire.awaitErrorFor(wire.send(room.sendDestination(), "{\"content\":\"\"}"));
					assertThat(empty.command()).isEqualTo("MESSAGE");
					leave(wire, random);
				}
				return "bad-json";
			}
			case 6 -> {
				// a conversation the user is not in
				Room other = this.floodRoom;
				try (Wire wire = connect(member)) {
					wire.subscribe("/user/queue/errors");
					assertThat(wire.awaitErrorFor(wire.subscribeAsync(other.topic())).body())
						.contains("\"code\":\"FORBIDDEN\"");
					assertThat(wire.awaitErrorFor(wire.send(other.sendDestination(), json("intruder", "x"))).body())
						.contains("\"code\":\"FORBIDDEN\"");
					leave(wire, random);
				}
				return "not-a-member";
			}
			case 7 -> {
				try (TcpWebSocket socket = TcpWebSocket.open(this.port)) {
					assertThat(socket.connect("not-a-token")).startsWith("ERROR");
					socket.drainUntilClosed(Wire.TIMEOUT);
				}
				return "bad-token";
			}
			default -> {
				try (TcpWebSocket socket = TcpWebSocket.open(this.port)) {
					socket.sendBinary(new byte[] { 'C', 'O', 'N', (byte) 0xC3, '(', '\n', '\n', 0 });
					socket.drainUntilClosed(Wire.TIMEOUT);
					assertThat(socket.closeCode()).isEqualTo(1007);
				}
				return "bad-utf8";
			}
		}
	}

	/** A conversation of the soak and its members. */
	record Room(UUID id, List<String> members) {

		String topic() {
			return "/topic/conversation." + this.id;
		}

		String sendDestination() {
			return "/app/conversation." + this.id + ".send";
		}

		String typingDestination() {
			return "/app/conversation." + this.id + ".typing";
		}

	}

	/** A message sent with a receipt; confirmed once the receipt came. */
	record Acked(UUID conversation, String content, boolean received) {

		Acked confirmed() {
			return new Acked(this.conversation, this.content, true);
		}

	}

}
