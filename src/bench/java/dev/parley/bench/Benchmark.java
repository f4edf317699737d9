package dev.parley.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

/**
 * The load benchmark: {@code ./mvnw -Pbench -DskipTests verify -Dbench.args="..."} (see
 * docs/performance.md). Runs each scenario against each target in one process, one target
 * at a time, and writes a JSON result and an HTML chart. The arguments are
 * {@link BenchOptions}' ({@code key=value}).
 */
public final class Benchmark {

	static final double P99_LIMIT_MS = 50;

	/**
	 * The warm-up counts as drained once messages sent this close to its end have arrived
	 * and deliveries pause.
	 */
	private static final long WARMUP_TAIL = TimeUnit.MILLISECONDS.toNanos(300);

	static final double RATIO_LIMIT = 0.999;

	private final BenchOptions options;

	private final List<Result> results = new ArrayList<>();

	private final Recorder recorder = new Recorder();

	Benchmark(BenchOptions options) {
		this.options = options;
	}

	public static void main(String[] args) throws Exception {
		BenchOptions options;
		try {
			options = BenchOptions.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println("Benchmark: " + ex.getMessage() + " (docs/performance.md lists them)");
			System.exit(2);
			return;
		}
		Path result = new Benchmark(options).run();
		System.out.println("Results: " + result + " and "
				+ result.resolveSibling(result.getFileName().toString().replace(".json", ".html")));
		System.exit(0);
	}

	/** Runs everything asked for; returns the JSON file written. */
	Path run() throws Exception {
		Instant started = Instant.now();
		for (String targetName : this.options.targets()) {
			List<String> groups = new ArrayList<>();
			if (this.options.anyRoomScenario()) {
				groups.add("rooms");
			}
			if (this.options.scenarios().contains("bigroom")) {
				groups.add("bigroom");
			}
			if (this.options.bigRoomOnItsOwnTarget()) {
				groups.forEach(group -> onTarget(targetName, List.of(group)));
			}
			else if (!groups.isEmpty()) {
				onTarget(targetName, groups);
			}
		}
		Report report = new Report(started.toString(), Machine.describe(), this.options.asArguments(), this.results);
		Path out = this.options.out();
		Files.createDirectories(out);
		String stamp = started.toString().replace(":", "").replaceAll("\\..*", "");
		Path json = out.resolve("bench-" + stamp + ".json");
		Files.writeString(json, report.json());
		Files.writeString(out.resolve("bench-" + stamp + ".html"), Chart.html(report));
		return json;
	}

	/**
	 * Runs the groups of scenarios ({@code rooms}: idle, fan-out and storm;
	 * {@code bigroom}) on one target.
	 */
	private void onTarget(String targetName, List<String> groups) {
		String group = groups.get(0);
		try (Target target = Target.start(targetName, this.options)) {
			for (String next : groups) {
				group = next;
				if (group.equals("rooms")) {
					rooms(target);
				}
				else {
					bigRoom(target);
				}
			}
		}
		catch (Exception ex) {
			log("%s %s failed: %s", targetName, group, ex);
			this.results.add(new Result.Failed(targetName, group, String.valueOf(ex)));
		}
	}

	/** idle, fan-out and the reconnect storm on rooms of room-size members. */
	private void rooms(Target target) throws Exception {
		List<String> scenarios = this.options.scenarios();
		int sessions = target.name.equals("parley-relay") ? this.options.relaySessions() : this.options.sessions();
		int roomSize = this.options.roomSize();
		int roomCount = sessions / roomSize;
		String run = "b" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
		List<List<String>> members = new ArrayList<>();
		for (int r = 0; r < roomCount; r++) {
			List<String> room = new ArrayList<>();
			for (int m = 0; m < roomSize; m++) {
				room.add(run + "-r" + r + "-m" + m);
			}
			members.add(room);
		}
		Map<String, Double> cpuBefore = cpu(target);
		List<String> ids = target.conversations(members);
		try (Load load = new Load(this.recorder, target.protocol(), this.options.deflate())) {
			// heap per session is the slope between half and all sessions, so start-up
			// and warm-up do not count
			int half = members.size() / 2;
			long connectStart = System.nanoTime();
			List<Load.Session> all = new ArrayList<>(
					connectAll(load, target, members.subList(0, half), ids.subList(0, half), 0));
			double firstHalfSeconds = (System.nanoTime() - connectStart) / 1e9;
			long heapAtHalf = target.liveHeap();
			int sessionsAtHalf = all.size();
			long secondStart = System.nanoTime();
			all.addAll(connectAll(load, target, members.subList(half, members.size()), ids.subList(half, ids.size()),
					half));
			double connectSeconds = firstHalfSeconds + (System.nanoTime() - secondStart) / 1e9;
			Map<String, Long> openFiles = openFiles(target);
			log("%s: %d sessions connected and subscribed in %.1f s", target.name, all.size(), connectSeconds);

			if (scenarios.contains("idle")) {
				Map<String, Double> idleCpu = cpu(target);
				long holdStart = System.nanoTime();
				LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(this.options.idleSeconds()));
				double held = (System.nanoTime() - holdStart) / 1e9;
				int stillOpen = load.open();
				long closedByServer = load.closedByServer.get();
				long heapAfter = target.liveHeap();
				boolean jvm = heapAfter > 0;
				Result.Idle idle = new Result.Idle(target.name, "idle", all.size(), connectSeconds, held, stillOpen,
						closedByServer,
						jvm ? (heapAfter - heapAtHalf) / Math.max(1, all.size() - sessionsAtHalf) : null,
						jvm ? heapAfter : null, cpuRate(target, idleCpu, held), memory(target, all.size()), openFiles,
						load.deflateSessions());
				this.results.add(idle);
				log("%s idle: %s", target.name, idle);
			}
			if (scenarios.contains("fanout")) {
				List<Publisher> publishers = new ArrayList<>();
				for (int r = 0; r < ids.size(); r++) {
					publishers.add(new Publisher(all.get(r * roomSize), target.sendDestination(ids.get(r))));
				}
				List<Result.Step> steps = steps(target, publishers, roomSize, this.options.rates());
				this.results.add(new Result.Fanout(target.name, "fanout", all.size(), roomSize, ids.size(), steps,
						memory(target, all.size())));
			}
			if (scenarios.contains("storm")) {
				Map<String, Double> stormCpu = cpu(target);
				double generatorCpu = Target.cpuSeconds(ProcessHandle.current().pid());
				load.abortAll();
				long stormStart = System.nanoTime();
				List<Load.Session> back = connectAll(load, target, members, ids, 0);
				double seconds = (System.nanoTime() - stormStart) / 1e9;
				long errors = load.errors.get();
				// CPU per reconnect is steadier than the time on a shared host, where the
				// generator competes
				Map<String, Double> cpuMsPerSession = new LinkedHashMap<>();
				cpuRate(target, stormCpu, 1)
					.forEach((k, v) -> cpuMsPerSession.put(k, v * 1000 / Math.max(1, back.size())));
				Map<String, Double> serverCpu = cpuRate(target, stormCpu, seconds);
				double generator = (Target.cpuSeconds(ProcessHandle.current().pid()) - generatorCpu) / seconds;
				this.results.add(new Result.Storm(target.name, "storm", back.size(), seconds, errors, serverCpu,
						cpuMsPerSession, generator, deflateSessions(back)));
				log("%s storm: %d sessions back in %.2f s, server CPU %s ms per session", target.name, back.size(),
						seconds, cpuMsPerSession);
			}
		}
		log("%s: server CPU over the whole run %s", target.name, cpuRate(target, cpuBefore, -1));
	}

	/** One conversation of big-room members; a few of them publish. */
	private void bigRoom(Target target) throws Exception {
		int size = this.options.bigRoom();
		String run = "g" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
		List<String> room = new ArrayList<>();
		for (int m = 0; m < size; m++) {
			room.add(run + "-m" + m);
		}
		List<String> ids = target.conversations(List.of(room));
		try (Load load = new Load(this.recorder, target.protocol(), this.options.deflate())) {
			long start = System.nanoTime();
			List<Load.Session> all = connectAll(load, target, List.of(room), ids, 0);
			double connectSeconds = (System.nanoTime() - start) / 1e9;
			List<Publisher> publishers = new ArrayList<>();
			int spacing = size / 10;
			for (int p = 0; p < 10; p++) {
				// publisher p is a member whose number has p's parity (the next one if
				// need be): on a target of two nodes, whose members alternate between
				// them, publishers sit on both
				int member = p * spacing;
				if (spacing > 0 && member % 2 != p % 2) {
					member++;
				}
				publishers.add(new Publisher(all.get(member), target.sendDestination(ids.get(0))));
			}
			List<Result.Step> steps = steps(target, publishers, size, this.options.bigRoomRates());
			this.results.add(new Result.BigRoom(target.name, "bigroom", all.size(), connectSeconds, steps,
					deflateSessions(all)));
		}
	}

	/**
	 * Publishes at each delivered rate in turn until p99 or the delivery ratio breaks the
	 * limits.
	 */
	private List<Result.Step> steps(Target target, List<Publisher> publishers, int fanout, List<Integer> deliveredRates)
			throws Exception {
		List<Result.Step> steps = new ArrayList<>();
		int seconds = this.options.stepSeconds();
		for (int delivered : deliveredRates) {
			double sendRate = (double) delivered / fanout;
			// before the first step, long enough for the JIT to compile the delivery path
			// (servers run warm: on this 2-core host a JVM server's CPU at a constant
			// rate settles only after about a minute), then until what that sent has
			// arrived, so that the step does not measure a backlog of the cold start;
			// before every step, a while at its rate, as a higher rate takes paths
			// (larger batches) the JIT compiles anew
			double drained = 0;
			if (steps.isEmpty()) {
				new Pacer(publishers, target, sendRate).run(TimeUnit.SECONDS.toNanos(this.options.warmupSeconds()));
				long drainStart = System.nanoTime();
				long drainLimit = drainStart + TimeUnit.SECONDS.toNanos(60);
				// until the last messages of the warm-up arrive, then until deliveries
				// pause; at a few sends per second (the big room) the last send may be
				// longer ago than the tail, so the tail is at least two send intervals
				// (before, the big room always waited the full 60 s)
				long tail = Math.max(WARMUP_TAIL, (long) (2e9 / sendRate));
				while (System.nanoTime() < drainLimit && (this.recorder.latestSent < drainStart - tail
						|| System.nanoTime() - this.recorder.lastDelivery < WARMUP_TAIL)) {
					LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
				}
				drained = (System.nanoTime() - drainStart) / 1e9;
			}
			new Pacer(publishers, target, sendRate).run(TimeUnit.SECONDS.toNanos(this.options.stepWarmupSeconds()));
			Map<String, Double> cpu = cpu(target);
			double generatorCpu = Target.cpuSeconds(ProcessHandle.current().pid());
			this.recorder.open();
			long start = System.nanoTime();
			long sent = new Pacer(publishers, target, sendRate).run(TimeUnit.SECONDS.toNanos(seconds));
			long end = System.nanoTime();
			this.recorder.close(start, end);
			double elapsed = (end - start) / 1e9;
			Map<String, Double> serverCpu = cpuRate(target, cpu, elapsed);
			double generator = (Target.cpuSeconds(ProcessHandle.current().pid()) - generatorCpu) / elapsed;
			// let what is in flight arrive
			long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
			long expected = sent * fanout;
			while (System.nanoTime() < drainUntil && this.recorder.inWindow.get() < expected) {
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
			}
			Latencies latencies = this.recorder.summary();
			long arrived = this.recorder.inWindow.get();
			double ratio = (expected == 0) ? 0 : (double) arrived / expected;
			boolean ok = latencies.p99Ms() >= 0 && latencies.p99Ms() <= P99_LIMIT_MS && ratio >= RATIO_LIMIT;
			Map<String, Double> cpuPerDelivered = cpuUsPerDelivered(serverCpu, arrived / elapsed);
			Result.Step step = new Result.Step(latencies.samples(), latencies.p50Ms(), latencies.p95Ms(),
					latencies.p99Ms(), latencies.maxMs(), latencies.maxMsBySendSecond(), delivered, sent / elapsed,
					arrived / elapsed, ratio, serverCpu, (cpuPerDelivered != null)
							? cpuPerDelivered.values().stream().mapToDouble(Double::doubleValue).sum() : null,
					cpuPerDelivered, generator, steps.isEmpty() ? drained : null, ok);
			steps.add(step);
			log("%s: %s", target.name, step);
			if (!ok && !this.options.keepGoing()) {
				break;
			}
		}
		return steps;
	}

	/**
	 * Connects and subscribes the members of the rooms, {@code firstRoom} being the index
	 * of the first among all rooms. Member m of room r is session number r + m
	 * ({@link Target#socket(int)}): on a target of two nodes each room's members
	 * alternate between them, and so do the rooms' first members (fan-out's publishers),
	 * and a session reconnects to the node it was on.
	 */
	private List<Load.Session> connectAll(Load load, Target target, List<List<String>> members, List<String> ids,
			int firstRoom) throws Exception {
		Semaphore inFlight = new Semaphore(this.options.connectConcurrency());
		List<CompletableFuture<Load.Session>> sessions = new ArrayList<>();
		AtomicInteger failed = new AtomicInteger();
		AtomicInteger connected = new AtomicInteger();
		for (int r = 0; r < members.size(); r++) {
			String topic = target.topic(ids.get(r));
			List<String> room = members.get(r);
			for (int m = 0; m < room.size(); m++) {
				String user = room.get(m);
				inFlight.acquire();
				CompletableFuture<Load.Session> ready = load
					.connect(target.socket(firstRoom + r + m), target.connectHeaders(user))
					.thenCompose(s -> {
						connected.incrementAndGet();
						return s.subscribe(topic).thenApply(x -> s);
					});
				ready.whenComplete((s, ex) -> {
					inFlight.release();
					if (ex != null) {
						failed.incrementAndGet();
					}
				});
				sessions.add(ready);
			}
		}
		// wait while sessions keep completing; a server that stops answering fails the
		// scenario within two minutes, saying how far the stuck sessions got
		CompletableFuture<Void> all = CompletableFuture.allOf(sessions.toArray(CompletableFuture[]::new));
		long done = -1;
		while (!all.isDone()) {
			long now = sessions.stream().filter(CompletableFuture::isDone).count();
			if (now == done) {
				throw new IllegalStateException(String.format(
						"%d of %d sessions made no progress for 2 minutes "
								+ "(of all, %d got CONNECTED, %d are subscribed, %d failed)",
						sessions.size() - now, sessions.size(), connected.get(), now - failed.get(), failed.get()));
			}
			done = now;
			try {
				all.get(2, TimeUnit.MINUTES);
			}
			catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException ex) {
				// checked above / below
			}
		}
		if (failed.get() > 0) {
			CompletableFuture<?> first = sessions.stream()
				.filter(CompletableFuture::isCompletedExceptionally)
				.findFirst()
				.orElseThrow();
			try {
				first.join();
			}
			catch (Exception ex) {
				throw new IllegalStateException(
						failed.get() + " of " + sessions.size() + " sessions failed: " + ex.getMessage(), ex);
			}
		}
		return sessions.stream().map(CompletableFuture::join).toList();
	}

	/**
	 * The server's CPU per delivered message in microseconds, by role (cores over
	 * messages per second); null when nothing was delivered.
	 */
	static @Nullable Map<String, Double> cpuUsPerDelivered(Map<String, Double> cores, double deliveredPerSecond) {
		if (!(deliveredPerSecond > 0)) {
			return null;
		}
		Map<String, Double> perMessage = new LinkedHashMap<>();
		cores.forEach((role, used) -> perMessage.put(role, used / deliveredPerSecond * 1e6));
		return perMessage;
	}

	/** How many of the sessions negotiated permessage-deflate. */
	private static int deflateSessions(List<Load.Session> sessions) {
		return (int) sessions.stream().filter(Load.Session::deflate).count();
	}

	private static Map<String, Double> cpu(Target target) throws Exception {
		Map<String, Double> cpu = new LinkedHashMap<>();
		for (Map.Entry<String, Long> process : target.processes().entrySet()) {
			cpu.put(process.getKey(), Target.cpuSeconds(process.getValue()));
		}
		return cpu;
	}

	/** CPU cores used since the sample (seconds < 0: total CPU seconds instead). */
	private static Map<String, Double> cpuRate(Target target, Map<String, Double> before, double seconds)
			throws Exception {
		Map<String, Double> now = cpu(target);
		Map<String, Double> rate = new LinkedHashMap<>();
		now.forEach((k, v) -> rate.put(k, seconds > 0 ? (v - before.getOrDefault(k, 0.0)) / seconds : v));
		return rate;
	}

	/**
	 * The files each process of the server has open, by role; a process whose files
	 * cannot be read is left out.
	 */
	private static Map<String, Long> openFiles(Target target) throws Exception {
		Map<String, Long> files = new LinkedHashMap<>();
		for (Map.Entry<String, Long> process : target.processes().entrySet()) {
			long open = Target.openFiles(process.getValue());
			if (open >= 0) {
				files.put(process.getKey(), open);
			}
		}
		return files;
	}

	private static Map<String, Long> memory(Target target, int sessions) throws Exception {
		Map<String, Long> memory = new LinkedHashMap<>();
		for (Map.Entry<String, Long> process : target.processes().entrySet()) {
			long rss = Target.rssBytes(process.getValue());
			memory.put(process.getKey() + "RssBytes", rss);
			memory.put(process.getKey() + "RssBytesPerSession", rss / Math.max(1, sessions));
		}
		return memory;
	}

	static void log(String format, Object... args) {
		System.out.printf("[bench %s] %s%n", Instant.now().toString().substring(11, 19), String.format(format, args));
	}

	/** A session that publishes to one destination. */
	record Publisher(Load.Session session, String destination) {
	}

	/** Latencies (ms) of the messages sent in a step's window: -1 when none arrived. */
	record Latencies(int samples, double p50Ms, double p95Ms, double p99Ms, double maxMs,
			List<Long> maxMsBySendSecond) {
	}

	/** Sends at a steady rate, round-robin over the publishers, from one thread. */
	static final class Pacer {

		private final List<Publisher> publishers;

		private final Target target;

		private final double perSecond;

		Pacer(List<Publisher> publishers, Target target, double perSecond) {
			this.publishers = publishers;
			this.target = target;
			this.perSecond = perSecond;
		}

		long run(long durationNanos) {
			long start = System.nanoTime();
			long sent = 0;
			int next = 0;
			long now;
			while ((now = System.nanoTime()) - start < durationNanos) {
				long due = (long) ((now - start) / 1e9 * this.perSecond) - sent;
				for (long i = 0; i < due; i++) {
					Publisher publisher = this.publishers.get(next);
					next = (next + 1) % this.publishers.size();
					publisher.session().send(publisher.destination(), this.target.body(System.nanoTime()));
					sent++;
				}
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
			}
			return sent;
		}

	}

	/** Latencies of the messages sent inside the measured window. */
	static final class Recorder implements Load.Deliveries {

		private static final int CAPACITY = 8_000_000;

		private final long[] samples = new long[CAPACITY];

		private final AtomicInteger count = new AtomicInteger();

		/**
		 * The worst latency of the messages sent in each second of the window: shows
		 * whether slow ones cluster.
		 */
		private final AtomicLongArray worstBySecond = new AtomicLongArray(600);

		final AtomicLong inWindow = new AtomicLong();

		/** When the last delivery of any message arrived ({@link System#nanoTime()}). */
		volatile long lastDelivery = System.nanoTime();

		/** The latest send time of any message delivered so far. */
		volatile long latestSent = Long.MIN_VALUE;

		private volatile long from = Long.MAX_VALUE;

		private volatile long to = Long.MAX_VALUE;

		void open() {
			// the start first: while the end is still the last window's, nothing counts;
			// had the end been raised first, a late delivery of an earlier message could
			// count in between (the one extra delivery seen once in a big-room step,
			// 398,001 of 398,000)
			this.from = System.nanoTime();
			this.count.set(0);
			this.inWindow.set(0);
			for (int i = 0; i < this.worstBySecond.length(); i++) {
				this.worstBySecond.set(i, 0);
			}
			this.to = Long.MAX_VALUE;
		}

		void close(long start, long end) {
			this.from = start;
			this.to = end;
		}

		@Override
		public void delivered(long sentNanos, long receivedNanos) {
			this.lastDelivery = receivedNanos;
			if (sentNanos > this.latestSent) {
				// racy max: good enough to tell that the newest messages got through
				this.latestSent = sentNanos;
			}
			if (sentNanos >= this.from && sentNanos < this.to) {
				this.inWindow.incrementAndGet();
				int i = this.count.getAndIncrement();
				long latency = receivedNanos - sentNanos;
				if (i < CAPACITY) {
					this.samples[i] = latency;
				}
				int second = (int) Math.min((sentNanos - this.from) / 1_000_000_000L, this.worstBySecond.length() - 1);
				this.worstBySecond.accumulateAndGet(second, latency, Math::max);
			}
		}

		Latencies summary() {
			int n = Math.min(this.count.get(), CAPACITY);
			long[] sorted = Arrays.copyOf(this.samples, n);
			Arrays.sort(sorted);
			List<Long> worst = new ArrayList<>();
			for (int i = 0; i < this.worstBySecond.length() && this.worstBySecond.get(i) > 0; i++) {
				worst.add(Math.round(this.worstBySecond.get(i) / 1e6));
			}
			return new Latencies(n, percentile(sorted, 0.50), percentile(sorted, 0.95), percentile(sorted, 0.99),
					(n == 0) ? -1 : sorted[n - 1] / 1e6, worst);
		}

		private static double percentile(long[] sorted, double p) {
			if (sorted.length == 0) {
				return -1; // nothing arrived
			}
			return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
		}

	}

}
