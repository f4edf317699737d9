package dev.parley.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.json.JsonMapper;

import dev.parley.support.Api;
import dev.parley.support.LocalServers;
import dev.parley.support.ParleyProcess;
import dev.parley.support.PostgresServer;
import dev.parley.support.RabbitMqNode;

/**
 * A server under load: Parley on its embedded default, Parley relaying to RabbitMQ (with
 * PostgreSQL), two Parley nodes bridged through one RabbitMQ (with one PostgreSQL), or
 * RabbitMQ's Web STOMP plugin itself as the peer baseline, or a Socket.IO 4 server on
 * Node.js (rooms and broadcast, nothing stored, nobody authenticated) as the other. Each
 * is started from scratch on free loopback ports.
 */
abstract class Target implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	final String name;

	Target(String name) {
		this.name = name;
	}

	/**
	 * Where session number {@code session} connects: a target of several nodes takes the
	 * numbers in turn ({@code session} modulo the nodes), the others have one socket for
	 * all.
	 */
	abstract URI socket(int session);

	abstract Map<String, String> connectHeaders(String user);

	abstract String topic(String conversation);

	abstract String sendDestination(String conversation);

	abstract String body(long nanos);

	/**
	 * Creates the conversations (member lists, the first member creates) and returns
	 * their ids.
	 */
	abstract List<String> conversations(List<List<String>> members) throws Exception;

	/** Processes whose CPU and memory count as "the server", by role. */
	abstract Map<String, Long> processes() throws IOException;

	/**
	 * Live heap after a full GC of the JVM server, in bytes; -1 when the server is not a
	 * JVM.
	 */
	abstract long liveHeap() throws Exception;

	/** What the sessions speak to it: STOMP but for the Socket.IO target. */
	Load.Protocol protocol() {
		return Load.Protocol.STOMP;
	}

	/** The target of this name ({@link BenchOptions#TARGETS}), started from scratch. */
	static Target start(String name, BenchOptions options) throws Exception {
		return switch (name) {
			case "embedded" -> embedded(options);
			case "relay" -> relay(options);
			case "bridge" -> bridge(options);
			case "webstomp" -> webStomp();
			case "socketio" -> SocketIoTarget.start(Path.of("src/bench/socketio"));
			default -> throw new IllegalArgumentException("unknown target " + name);
		};
	}

	/** Parley on the embedded default (simple broker, H2 on disk), limits off. */
	static Target embedded(BenchOptions options) throws Exception {
		Path data = Files.createTempDirectory("parley-bench-");
		return new ParleyTarget("parley-embedded", 1, List.of("--parley.data-dir=" + data), null, null, data, options);
	}

	/** Parley in relay mode on a fresh RabbitMQ node and PostgreSQL server. */
	static Target relay(BenchOptions options) throws Exception {
		RabbitMqNode rabbit = RabbitMqNode.start();
		PostgresServer postgres = PostgresServer.start();
		return new ParleyTarget("parley-relay", 1, clusterArgs("relay", rabbit, postgres), rabbit, postgres, null,
				options);
	}

	/**
	 * Two Parley nodes in bridge mode (each with its own simple broker, sharing the
	 * conversations through RabbitMQ) on one fresh RabbitMQ node and PostgreSQL server.
	 */
	static Target bridge(BenchOptions options) throws Exception {
		RabbitMqNode rabbit = RabbitMqNode.start();
		PostgresServer postgres = PostgresServer.start();
		return new ParleyTarget("parley-bridge", 2, clusterArgs("bridge", rabbit, postgres), rabbit, postgres, null,
				options);
	}

	/** The arguments of a node in a cluster mode on the given RabbitMQ and PostgreSQL. */
	private static List<String> clusterArgs(String mode, RabbitMqNode rabbit, PostgresServer postgres) {
		return List.of("--parley.broker.mode=" + mode, "--spring.rabbitmq.host=127.0.0.1",
				"--spring.rabbitmq.port=" + rabbit.amqpPort(), "--parley.broker.relay.port=" + rabbit.stompPort(),
				"--spring.datasource.url=" + postgres.jdbcUrl(), "--spring.datasource.username=" + postgres.username(),
				"--spring.datasource.password=", "--spring.datasource.hikari.maximum-pool-size=20");
	}

	/**
	 * RabbitMQ's Web STOMP plugin, clients talking to it directly (guest on loopback,
	 * topic exchange).
	 */
	static Target webStomp() throws Exception {
		return new WebStompTarget(RabbitMqNode.start());
	}

	/**
	 * Whether a JVM option makes the JVM write a cache at its exit (JDK 25's
	 * {@code -XX:AOTCacheOutput}, {@code -XX:AOTMode=record}, or
	 * {@code -XX:ArchiveClassesAtExit}).
	 */
	static boolean recordsAtExit(String jvmOption) {
		return jvmOption.startsWith("-XX:AOTCacheOutput=") || jvmOption.equals("-XX:AOTMode=record")
				|| jvmOption.startsWith("-XX:ArchiveClassesAtExit=");
	}

	static long rssBytes(long pid) throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
			}
		}
		return -1;
	}

	/** User plus system CPU time of a process, in seconds (clock ticks of 1/100 s). */
	static double cpuSeconds(long pid) throws IOException {
		String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
	}

	/**
	 * Files a process has open (entries of {@code /proc/<pid>/fd}), or -1 when they
	 * cannot be read.
	 */
	static long openFiles(long pid) throws IOException {
		Path fds = Path.of("/proc/" + pid + "/fd");
		if (!Files.isReadable(fds)) {
			return -1;
		}
		try (java.util.stream.Stream<Path> files = Files.list(fds)) {
			return files.count();
		}
	}

	/** One Parley node, or several of one cluster (the first takes the HTTP requests). */
	static final class ParleyTarget extends Target {

		private final List<ParleyProcess> nodes = new ArrayList<>();

		private final RabbitMqNode rabbit;

		private final PostgresServer postgres;

		private final Path data;

		private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

		private final AtomicLong sends = new AtomicLong();

		/**
		 * Whether SENDs carry a {@code clientMessageId}, as the sample app's outbox does.
		 */
		private final boolean clientMessageIds;

		/** The jar the nodes run from, or null: the build's class path. */
		private final Path jar;

		/** Whether the nodes write an AOT cache or CDS archive at exit. */
		private final boolean recording;

		ParleyTarget(String name, int nodes, List<String> extra, RabbitMqNode rabbit, PostgresServer postgres,
				Path data, BenchOptions options) throws Exception {
			super(name);
			this.rabbit = rabbit;
			this.postgres = postgres;
			this.data = data;
			this.clientMessageIds = options.clientMessageIds();
			this.jar = options.serverJar().isEmpty() ? null : Path.of(options.serverJar());
			this.recording = options.serverJvm().stream().anyMatch(Target::recordsAtExit);
			List<String> args = new ArrayList<>(List.of("--server.address=127.0.0.1",
					"--parley.security.jwt.secret=" + Api.TEST_SECRET, "--parley.limits.messages-per-minute=0",
					"--parley.limits.burst-per-second=0", "--parley.limits.signals-per-second=0",
					"--parley.limits.sessions-per-user=0", "--parley.limits.sessions-per-ip=0",
					"--parley.conversations.max-members=5000", "--server.tomcat.max-connections=20000",
					"--server.tomcat.accept-count=5000", "--logging.level.root=WARN"));
			args.addAll(extra);
			args.addAll(options.serverArgs());
			List<String> jvm = new ArrayList<>(List.of("-Xmx" + options.serverHeap()));
			// e.g. -XX:StartFlightRecording=...
			List<String> extraJvm = options.serverJvm();
			if (extraJvm.stream().noneMatch(option -> option.matches("-XX:\\+Use\\w+GC"))) {
				jvm.add("-XX:+UseG1GC"); // unless the run chooses another collector
			}
			jvm.addAll(extraJvm);
			String java = options.serverJava().isEmpty() ? ProcessHandle.current().info().command().orElse("java")
					: options.serverJava();
			try {
				for (int n = 0; n < nodes; n++) {
					ParleyProcess server = ParleyProcess.start(java, jvm, this.jar, args);
					this.nodes.add(server);
					Runtime.getRuntime().addShutdownHook(new Thread(() -> {
						try {
							server.kill(); // no orphans if we are stopped
						}
						catch (InterruptedException ex) {
							Thread.currentThread().interrupt();
						}
					}));
				}
			}
			catch (Exception ex) {
				// a node that did not start: stop what did, before the next target starts
				try {
					close();
				}
				catch (Exception closing) {
					ex.addSuppressed(closing);
				}
				throw ex;
			}
		}

		private String base() {
			return "http://127.0.0.1:" + this.nodes.get(0).port();
		}

		@Override
		URI socket(int session) {
			ParleyProcess node = this.nodes.get(Math.floorMod(session, this.nodes.size()));
			return URI.create("ws://127.0.0.1:" + node.port() + "/ws");
		}

		/**
		 * Like real clients, a user reconnects with the token it has (minted once per
		 * user).
		 */
		private final Map<String, String> tokens = new java.util.concurrent.ConcurrentHashMap<>();

		@Override
		Map<String, String> connectHeaders(String user) {
			return Map.of("Authorization",
					"Bearer " + this.tokens.computeIfAbsent(user, u -> Api.token(u, Duration.ofHours(6))));
		}

		@Override
		String topic(String conversation) {
			return "/topic/conversation." + conversation;
		}

		@Override
		String sendDestination(String conversation) {
			return "/app/conversation." + conversation + ".send";
		}

		@Override
		String body(long nanos) {
			if (!this.clientMessageIds) {
				return "{\"content\":\"b" + nanos + "\"}";
			}
			// a UUID's shape, unique per send, without the cost of a random one on the
			// pacing thread
			return "{\"content\":\"b" + nanos + "\",\"clientMessageId\":\""
					+ new UUID(nanos, this.sends.incrementAndGet()) + "\"}";
		}

		@Override
		List<String> conversations(List<List<String>> members) throws Exception {
			List<String> ids = new ArrayList<>();
			for (List<String> group : members) {
				String body = JSON
					.writeValueAsString(Map.of("title", "bench", "members", group.subList(1, group.size())));
				HttpResponse<String> response = this.http
					.send(HttpRequest.newBuilder(URI.create(base() + "/api/conversations"))
						.header("Authorization", "Bearer " + Api.token(group.get(0)))
						.header("Content-Type", "application/json")
						.POST(HttpRequest.BodyPublishers.ofString(body))
						.build(), HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() != 201) {
					throw new IllegalStateException(
							"creating a conversation: " + response.statusCode() + " " + response.body());
				}
				ids.add(JSON.readTree(response.body()).get("id").asString());
			}
			return ids;
		}

		@Override
		Map<String, Long> processes() throws IOException {
			Map<String, Long> pids = new java.util.LinkedHashMap<>();
			for (int n = 0; n < this.nodes.size(); n++) {
				pids.put((this.nodes.size() == 1) ? "parley" : "parley-" + (n + 1), this.nodes.get(n).pid());
			}
			if (this.rabbit != null) {
				pids.put("rabbitmq", this.rabbit.pid());
			}
			return pids;
		}

		/** The sum over the nodes. */
		@Override
		long liveHeap() throws Exception {
			String jcmd = Path.of(ProcessHandle.current().info().command().orElse("java"))
				.resolveSibling("jcmd")
				.toString();
			long total = 0;
			for (ParleyProcess node : this.nodes) {
				String pid = String.valueOf(node.pid());
				LocalServers.run(List.of(jcmd, pid, "GC.run"), Duration.ofSeconds(60));
				String info = LocalServers.run(List.of(jcmd, pid, "GC.heap_info"), Duration.ofSeconds(60));
				Matcher used = Pattern.compile("used (\\d+)K").matcher(info);
				if (!used.find()) {
					return -1;
				}
				total += Long.parseLong(used.group(1)) * 1024;
			}
			return total;
		}

		@Override
		public void close() throws Exception {
			for (ParleyProcess node : this.nodes) {
				if (this.recording) {
					// a training run: the cache is written at a graceful exit, never on
					// SIGKILL
					node.stop(Duration.ofMinutes(5));
				}
				node.close();
			}
			if (this.rabbit != null) {
				// a clean stop takes seconds and keeps nothing we need
				this.rabbit.kill();
				this.rabbit.close();
			}
			if (this.postgres != null) {
				this.postgres.close();
			}
			if (this.data != null) {
				LocalServers.delete(this.data);
			}
		}

	}

	/**
	 * A peer that stores and authorizes nothing: bodies are the bare send time, and a
	 * conversation is a name made up here.
	 */
	abstract static class PeerTarget extends Target {

		PeerTarget(String name) {
			super(name);
		}

		@Override
		String body(long nanos) {
			return "b" + nanos;
		}

		@Override
		List<String> conversations(List<List<String>> members) {
			return members.stream().map(m -> UUID.randomUUID().toString()).toList();
		}

	}

	static final class WebStompTarget extends PeerTarget {

		private final RabbitMqNode rabbit;

		WebStompTarget(RabbitMqNode rabbit) {
			super("rabbitmq-web-stomp");
			this.rabbit = rabbit;
		}

		@Override
		URI socket(int session) {
			return URI.create("ws://127.0.0.1:" + this.rabbit.webStompPort() + "/ws");
		}

		@Override
		Map<String, String> connectHeaders(String user) {
			return Map.of("login", "guest", "passcode", "guest", "host", "/");
		}

		@Override
		String topic(String conversation) {
			return "/topic/conversation." + conversation;
		}

		@Override
		String sendDestination(String conversation) {
			return "/topic/conversation." + conversation;
		}

		@Override
		Map<String, Long> processes() throws IOException {
			return Map.of("rabbitmq", this.rabbit.pid());
		}

		@Override
		long liveHeap() {
			return -1;
		}

		@Override
		public void close() throws Exception {
			this.rabbit.kill();
			this.rabbit.close();
		}

	}

	/**
	 * The Socket.IO 4 server of {@code src/bench/socketio} ({@code node server.js}, its
	 * dependencies installed with {@code npm ci --prefix src/bench/socketio}): rooms are
	 * conversations, nothing is stored, nobody is authenticated.
	 */
	static final class SocketIoTarget extends PeerTarget {

		private final Process node;

		private final int port;

		private final Path log;

		private SocketIoTarget(Process node, int port, Path log) {
			super("socketio");
			this.node = node;
			this.port = port;
			this.log = log;
		}

		/**
		 * Starts {@code node server.js} in the folder and waits (up to 30 s) until it
		 * prints the port it listens on.
		 */
		static SocketIoTarget start(Path folder) throws Exception {
			if (!Files.isDirectory(folder.resolve("node_modules/socket.io"))) {
				throw new IllegalStateException(folder.toAbsolutePath()
						+ "/node_modules is missing: run npm ci --prefix " + folder + " (.ci/run does)");
			}
			Path log = Files.createTempFile("parley-bench-socketio-", ".log");
			Process node = new ProcessBuilder("node", "server.js", "0").directory(folder.toFile())
				.redirectError(log.toFile())
				.start();
			// no orphans if we are stopped
			Runtime.getRuntime().addShutdownHook(new Thread(node::destroyForcibly));
			CompletableFuture<Integer> listening = new CompletableFuture<>();
			Thread reader = new Thread(() -> {
				try (BufferedReader out = node.inputReader()) {
					String line;
					while ((line = out.readLine()) != null) {
						if (line.startsWith("listening ")) {
							listening.complete(Integer.parseInt(line.substring(10).trim()));
						}
					}
					listening.completeExceptionally(new IllegalStateException("node exited"));
				}
				catch (IOException | RuntimeException ex) {
					listening.completeExceptionally(ex);
				}
			}, "bench-socketio-out");
			reader.setDaemon(true);
			reader.start();
			try {
				return new SocketIoTarget(node, listening.get(30, TimeUnit.SECONDS), log);
			}
			catch (Exception ex) {
				node.destroyForcibly();
				throw new IllegalStateException(
						"the Socket.IO server did not start: " + ex + "\n" + LocalServers.tail(log, 20), ex);
			}
		}

		@Override
		URI socket(int session) {
			return URI.create("ws://127.0.0.1:" + this.port + SocketIo.PATH);
		}

		@Override
		Map<String, String> connectHeaders(String user) {
			return Map.of();
		}

		@Override
		String topic(String conversation) {
			return conversation;
		}

		@Override
		String sendDestination(String conversation) {
			return conversation;
		}

		@Override
		Map<String, Long> processes() {
			return Map.of("socketio", this.node.pid());
		}

		@Override
		long liveHeap() {
			return -1;
		}

		@Override
		Load.Protocol protocol() {
			return Load.Protocol.SOCKET_IO;
		}

		@Override
		public void close() throws Exception {
			this.node.destroy();
			if (!this.node.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
				this.node.destroyForcibly().waitFor();
			}
			Files.deleteIfExists(this.log);
		}

	}

}
