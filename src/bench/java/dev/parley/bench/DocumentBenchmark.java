package dev.parley.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import dev.parley.support.Api;
import dev.parley.support.ParleyProcess;
import dev.parley.support.StompTestClient;

import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.util.MimeTypeUtils;

/**
 * The shared documents' benchmark: ops per second on one document and on one node, with
 * the op round trip (SEND to its RECEIPT, which follows the commit). One node of the
 * embedded default (H2 in a temp folder) in a JVM of its own, rate limits off; the
 * editors are STOMP sessions in this JVM, each subscribed to its document's ops as a page
 * is, each sending ops that insert one character at a random place in the text of the
 * version it last saw (so most ops are late and transformed). Two scenarios:
 * <ul>
 * <li>{@code one-document}: editors on one document, each sending its next op as soon as
 * the last is confirmed (closed loop): the most one document takes;</li>
 * <li>{@code node}: many documents with two editors each, every editor sending at a fixed
 * rate (open loop, at most one op in flight, as the page): p99 at each total rate.</li>
 * </ul>
 * {@code ./mvnw -Pbench -DskipTests verify -Dbench.main=dev.parley.bench.DocumentBenchmark
 * -Dbench.args="seconds=20"}; results in {@code target/bench/documents-<date>.json}. The
 * arguments ({@code key=value}): {@code seconds} measured per row (20; a quarter of it,
 * at least 2, warms up first), {@code editors} (1,2,4,8: the one-document rows; empty for
 * none), {@code documents} (100), {@code rates} (the node rows' total ops per second),
 * {@code out}, {@code nodeJvm} (more JVM options for the node, space-separated, e.g. a
 * profiler agent).
 */
public final class DocumentBenchmark {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** The error reports the editors received, by text, to print with each row. */
	private static final Map<String, Long> ERRORS = new java.util.concurrent.ConcurrentHashMap<>();

	private final Duration measure;

	private final Duration warmUp;

	private final Api api;

	private final StompTestClient stomp;

	DocumentBenchmark(int port, Duration measure, Duration warmUp) {
		this.measure = measure;
		this.warmUp = warmUp;
		this.api = new Api(port);
		this.stomp = StompTestClient.nativeWebSocket(port);
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new LinkedHashMap<>();
		for (String arg : args) {
			String[] pair = arg.split("=", 2);
			options.put(pair[0], pair.length > 1 ? pair[1] : "");
		}
		int seconds = Integer.parseInt(options.getOrDefault("seconds", "20"));
		List<Integer> editorCounts = ints(options.getOrDefault("editors", "1,2,4,8"));
		int documents = Integer.parseInt(options.getOrDefault("documents", "100"));
		List<Integer> rates = ints(options.getOrDefault("rates", "500,1000,2000,3000"));
		Path out = Path.of(options.getOrDefault("out", "target/bench/documents-" + LocalDate.now() + ".json"));
		List<String> nodeJvm = new ArrayList<>(List.of("-Xmx512m", "-XX:+UseG1GC"));
		if (!options.getOrDefault("nodeJvm", "").isEmpty()) {
			nodeJvm.addAll(List.of(options.get("nodeJvm").split(" ")));
		}
		Map<String, Object> report = run(seconds, editorCounts, documents, rates, nodeJvm);
		Files.createDirectories(out.toAbsolutePath().getParent());
		Files.writeString(out, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report),
				StandardCharsets.UTF_8);
		System.out.println("Results: " + out);
		System.exit(0);
	}

	/** Runs both scenarios against a fresh node; returns the report. */
	static Map<String, Object> run(int seconds, List<Integer> editorCounts, int documents, List<Integer> rates,
			List<String> nodeJvm) throws Exception {
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("machine", Machine.describe());
		report.put("seconds", seconds);
		Path data = Files.createTempDirectory("parley-docbench-");
		try (ParleyProcess node = ParleyProcess.start(nodeJvm,
				List.of("--server.address=127.0.0.1", "--parley.data-dir=" + data,
						"--parley.security.jwt.secret=" + Api.TEST_SECRET, "--parley.documents.ops-per-second=0",
						"--parley.limits.signals-per-second=0", "--parley.limits.sessions-per-user=0",
						"--parley.limits.sessions-per-ip=0", "--logging.level.root=WARN"))) {
			DocumentBenchmark bench = new DocumentBenchmark(node.port(), Duration.ofSeconds(seconds),
					Duration.ofSeconds(Math.max(2, seconds / 4)));
			List<Map<String, Object>> oneDocument = new ArrayList<>();
			for (int editors : editorCounts) {
				Map<String, Object> row = bench.oneDocument(editors);
				System.out.println("one-document " + row);
				oneDocument.add(row);
			}
			report.put("oneDocument", oneDocument);
			List<Map<String, Object>> perNode = new ArrayList<>();
			for (int rate : rates) {
				Map<String, Object> row = bench.node(documents, rate);
				System.out.println("node " + row);
				perNode.add(row);
			}
			report.put("node", perNode);
			bench.stomp.close();
		}
		return report;
	}

	/** Editors on one document, closed loop. */
	Map<String, Object> oneDocument(int editors) throws Exception {
		Room room = room(editors);
		List<Editor> all = room.editors();
		all.forEach(Editor::sendClosedLoop);
		Measured measured = measure(all);
		all.forEach(Editor::stop);
		room.close();
		Map<String, Object> row = measured.row();
		row.put("editors", editors);
		return row;
	}

	/** Documents with two editors each, open loop at the given total rate. */
	Map<String, Object> node(int documents, int totalRate) throws Exception {
		List<Room> rooms = new ArrayList<>();
		List<Editor> all = new ArrayList<>();
		for (int i = 0; i < documents; i++) {
			Room room = room(2);
			rooms.add(room);
			all.addAll(room.editors());
		}
		ScheduledExecutorService ticker = Executors.newScheduledThreadPool(2);
		long periodNanos = (long) (1e9 * all.size() / totalRate);
		for (int i = 0; i < all.size(); i++) {
			Editor editor = all.get(i);
			ticker.scheduleAtFixedRate(editor::sendIfIdle, periodNanos * i / all.size(), periodNanos,
					TimeUnit.NANOSECONDS);
		}
		Measured measured = measure(all);
		ticker.shutdownNow();
		ticker.awaitTermination(10, TimeUnit.SECONDS);
		all.forEach(Editor::stop);
		rooms.forEach(Room::close);
		Map<String, Object> row = measured.row();
		row.put("documents", documents);
		row.put("editors", all.size());
		row.put("offeredOpsPerSecond", totalRate);
		return row;
	}

	private Measured measure(List<Editor> editors) throws InterruptedException {
		Thread.sleep(this.warmUp.toMillis()); // the warm-up is time, not a condition
		editors.forEach(editor -> editor.latencies.reset());
		long confirmedBefore = editors.stream().mapToLong(editor -> editor.confirmed.get()).sum();
		long start = System.nanoTime();
		Thread.sleep(this.measure.toMillis()); // the measurement is time, not a condition
		double seconds = (System.nanoTime() - start) / 1e9;
		long confirmed = editors.stream().mapToLong(editor -> editor.confirmed.get()).sum() - confirmedBefore;
		Histogram all = new Histogram(3);
		editors.forEach(editor -> all.add(editor.latencies.getIntervalHistogram()));
		long errors = editors.stream().mapToLong(editor -> editor.errors.get()).sum();
		if (!ERRORS.isEmpty()) {
			System.out.println("errors: " + ERRORS);
			ERRORS.clear();
		}
		return new Measured(confirmed / seconds, all, errors);
	}

	private record Measured(double opsPerSecond, Histogram latencies, long errors) {

		Map<String, Object> row() {
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("opsPerSecond", Math.round(this.opsPerSecond * 10) / 10.0);
			row.put("p50Ms", this.latencies.getValueAtPercentile(50) / 1e3);
			row.put("p99Ms", this.latencies.getValueAtPercentile(99) / 1e3);
			row.put("maxMs", this.latencies.getMaxValue() / 1e3);
			row.put("errors", this.errors);
			return row;
		}

	}

	private Room room(int editors) {
		List<String> users = new ArrayList<>();
		for (int i = 0; i < editors; i++) {
			users.add(Api.newUser("editor"));
		}
		UUID conversation = this.api.createConversation(users.get(0),
				users.subList(1, users.size()).toArray(String[]::new));
		Api.Response created = this.api.postJson("/api/conversations/" + conversation + "/documents",
				Api.token(users.get(0)), Map.of("title", "Bench"));
		UUID document = UUID.fromString(created.json().get("id").asString());
		List<Editor> list = new ArrayList<>();
		for (String user : users) {
			list.add(new Editor(this.stomp.connect(Api.token(user)), conversation, document));
		}
		return new Room(list);
	}

	private record Room(List<Editor> editors) {

		void close() {
			this.editors.forEach(Editor::close);
		}

	}

	/**
	 * A STOMP session editing one document: knows the latest version it saw (the text is
	 * that many characters, as every op inserts one), sends one op at a time.
	 */
	private static final class Editor {

		final StompTestClient.Session session;

		final String destination;

		final Recorder latencies = new Recorder(3);

		final AtomicLong confirmed = new AtomicLong();

		final AtomicLong errors = new AtomicLong();

		final AtomicLong version = new AtomicLong();

		private final AtomicLong inFlightSince = new AtomicLong();

		private volatile boolean closedLoop;

		private volatile boolean stopped;

		private long counter;

		Editor(StompTestClient.Session session, UUID conversation, UUID document) {
			this.session = session;
			this.destination = "/app/conversation." + conversation + ".doc." + document + ".op";
			session.stomp()
				.subscribe("/topic/conversation." + conversation + ".doc." + document, new StompFrameHandler() {
					@Override
					public java.lang.reflect.Type getPayloadType(StompHeaders headers) {
						return byte[].class;
					}

					@Override
					public void handleFrame(StompHeaders headers, @Nullable Object payload) {
						long seen = JSON.readTree((byte[]) payload).get("version").asLong();
						Editor.this.version.accumulateAndGet(seen, Math::max);
					}
				});
			session.stomp().subscribe("/user/queue/errors", new StompFrameHandler() {
				@Override
				public java.lang.reflect.Type getPayloadType(StompHeaders headers) {
					return byte[].class;
				}

				@Override
				public void handleFrame(StompHeaders headers, @Nullable Object payload) {
					Editor.this.errors.incrementAndGet();
					String error = new String((byte[]) payload, StandardCharsets.UTF_8);
					ERRORS.merge(error.length() > 160 ? error.substring(0, 160) : error, 1L, Long::sum);
					Editor.this.inFlightSince.set(0);
					if (Editor.this.closedLoop) {
						send();
					}
				}
			});
		}

		void sendClosedLoop() {
			this.closedLoop = true;
			send();
		}

		void sendIfIdle() {
			if (this.inFlightSince.get() == 0) {
				send();
			}
		}

		void stop() {
			this.stopped = true;
		}

		/**
		 * Under the lock of {@link #send}: a WebSocket session takes one write at a time.
		 */
		synchronized void close() {
			this.stopped = true;
			this.session.close();
		}

		private synchronized void send() {
			if (this.stopped) {
				return;
			}
			long base = this.version.get();
			long at = java.util.concurrent.ThreadLocalRandom.current().nextLong(base + 1);
			List<Object> op = (at == 0) ? List.of("x") : List.of(at, "x");
			StompHeaders headers = new StompHeaders();
			headers.setDestination(this.destination);
			headers.setContentType(MimeTypeUtils.APPLICATION_JSON);
			headers.setReceipt("op-" + (++this.counter));
			long sent = System.nanoTime();
			this.inFlightSince.set(sent);
			byte[] body = JSON.writeValueAsBytes(
					Map.of("version", base, "op", op, "clientOpId", this.session.sessionId() + "-" + this.counter));
			this.session.stomp().send(headers, body).addReceiptTask((StompHeaders receipt) -> {
				this.latencies.recordValue(Math.max(1, (System.nanoTime() - sent) / 1000));
				this.confirmed.incrementAndGet();
				String assigned = receipt.getFirst("version");
				if (assigned != null) {
					this.version.accumulateAndGet(Long.parseLong(assigned), Math::max);
				}
				this.inFlightSince.set(0);
				if (this.closedLoop) {
					send();
				}
			});
		}

	}

	private static List<Integer> ints(String csv) {
		List<Integer> values = new ArrayList<>();
		for (String part : csv.isBlank() ? new String[0] : csv.split(",")) {
			values.add(Integer.parseInt(part.trim()));
		}
		return values;
	}

}
