package dev.parley.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A throwaway RabbitMQ node with the STOMP, Web STOMP and management plugins, started
 * from Debian's {@code rabbitmq-server} on loopback with free ports and its own folder.
 * As root, Debian's wrapper runs the node as the {@code rabbitmq} user, so the folder
 * belongs to it. Stop and start keep the folder and ports, as a restart of a real broker
 * would.
 */
public final class RabbitMqNode implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Path dir;

	private final String nodeName;

	private final int amqpPort = LocalServers.freePort();

	private final int stompPort = LocalServers.freePort();

	private final int webStompPort = LocalServers.freePort();

	private final int managementPort = LocalServers.freePort();

	private final int distPort = LocalServers.freePort();

	private final HttpClient http = HttpClient.newHttpClient();

	private Process process;

	/**
	 * Loaded definitions replace the default guest user, so the management API cannot be
	 * asked as guest.
	 */
	private final boolean hasGuest;

	private RabbitMqNode(@Nullable Path definitions) throws Exception {
		this.hasGuest = (definitions == null);
		this.nodeName = "parley-test-" + UUID.randomUUID().toString().substring(0, 8) + "@localhost";
		this.dir = LocalServers.folder("rabbitmq-");
		Files.createDirectories(this.dir.resolve("mnesia"));
		Files.createDirectories(this.dir.resolve("log"));
		Files.writeString(this.dir.resolve("rabbitmq.conf"),
				String.join("\n", "listeners.tcp.1 = 127.0.0.1:" + this.amqpPort,
						"stomp.listeners.tcp.1 = 127.0.0.1:" + this.stompPort, "web_stomp.tcp.ip = 127.0.0.1",
						"web_stomp.tcp.port = " + this.webStompPort, "management.tcp.ip = 127.0.0.1",
						"management.tcp.port = " + this.managementPort, "loopback_users.guest = true",
						(definitions != null) ? "load_definitions = " + this.dir.resolve("definitions.json") : "", ""));
		if (definitions != null) {
			Files.copy(definitions, this.dir.resolve("definitions.json"));
		}
		Files.writeString(this.dir.resolve("enabled_plugins"),
				"[rabbitmq_stomp,rabbitmq_web_stomp,rabbitmq_management].\n");
		LocalServers.chown(this.dir, "rabbitmq");
	}

	/** Start a node; skips the calling test when RabbitMQ is not installed. */
	public static RabbitMqNode start() throws Exception {
		return start(null);
	}

	/**
	 * Start a node that loads the given definitions file (vhosts, users, permissions,
	 * topology).
	 */
	public static RabbitMqNode start(@Nullable Path definitions) throws Exception {
		assumeTrue(LocalServers.onPath("rabbitmq-server"),
				"rabbitmq-server is not installed (apt-get install rabbitmq-server; .ci/run does)");
		RabbitMqNode node = new RabbitMqNode(definitions);
		node.startNode();
		return node;
	}

	/** Start the node again after {@link #stop()}. */
	public void startNode() throws Exception {
		// as root, Debian's wrapper switches to the rabbitmq user through su, which
		// starts at 1,024 open files: do the switch here instead and raise the limit
		// first, so that a node takes thousands of connections
		List<String> command = "root".equals(System.getProperty("user.name"))
				? List.of("su", "rabbitmq", "-s", "/bin/sh", "-c",
						"ulimit -n 20000 2>/dev/null; exec /usr/lib/rabbitmq/bin/rabbitmq-server")
				: List.of("rabbitmq-server");
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(this.dir.resolve("console.log").toFile());
		if (Files.isDirectory(Path.of("/var/lib/rabbitmq"))) {
			builder.directory(Path.of("/var/lib/rabbitmq").toFile());
		}
		Map<String, String> env = builder.environment();
		env.put("RABBITMQ_NODENAME", this.nodeName);
		env.put("RABBITMQ_MNESIA_BASE", this.dir.resolve("mnesia").toString());
		env.put("RABBITMQ_LOG_BASE", this.dir.resolve("log").toString());
		env.put("RABBITMQ_CONFIG_FILE", this.dir.resolve("rabbitmq.conf").toString());
		env.put("RABBITMQ_ENABLED_PLUGINS_FILE", this.dir.resolve("enabled_plugins").toString());
		env.put("RABBITMQ_DIST_PORT", String.valueOf(this.distPort));
		env.put("RABBITMQ_PID_FILE", this.dir.resolve("pid").toString());
		this.process = builder.start();
		Process started = this.process;
		try {
			LocalServers.await("RabbitMQ " + this.nodeName + " to start", START_TIMEOUT, () -> {
				if (!started.isAlive()) {
					throw new IllegalStateException("RabbitMQ " + this.nodeName + " exited " + started.exitValue());
				}
				return LocalServers.isListening(this.stompPort) && LocalServers.isListening(this.amqpPort)
						&& (this.hasGuest ? managementAnswers() : LocalServers.isListening(this.managementPort));
			});
		}
		catch (IllegalStateException ex) {
			// the folder is deleted on close, so say here what the node printed
			throw new IllegalStateException(ex.getMessage() + "; console:\n"
					+ LocalServers.tail(this.dir.resolve("console.log"), 30) + "\nlog:\n"
					+ LocalServers.tail(this.dir.resolve("log").resolve(this.nodeName + ".log"), 30), ex);
		}
	}

	/**
	 * Stop the node the way an operator would (SIGTERM), and wait until its ports are
	 * closed.
	 */
	public void stop() throws Exception {
		Path pidFile = this.dir.resolve("pid");
		if (Files.exists(pidFile)) {
			String pid = Files.readString(pidFile).trim();
			LocalServers.run(List.of("kill", "-TERM", pid), Duration.ofSeconds(10));
		}
		LocalServers.await("RabbitMQ to stop", Duration.ofSeconds(60),
				() -> !LocalServers.isListening(this.stompPort) && !LocalServers.isListening(this.amqpPort));
		if (this.process != null) {
			this.process.waitFor();
		}
		Files.deleteIfExists(pidFile);
	}

	/**
	 * Kill the node (SIGKILL), as a crash would, and wait until its ports are closed:
	 * seconds faster than {@link #stop()} for a node whose state nobody needs any more
	 * (its folder goes on {@link #close()}).
	 */
	public void kill() throws Exception {
		Path pidFile = this.dir.resolve("pid");
		if (Files.exists(pidFile)) {
			LocalServers.run(List.of("kill", "-KILL", Files.readString(pidFile).trim()), Duration.ofSeconds(10));
		}
		LocalServers.await("RabbitMQ to die", Duration.ofSeconds(60),
				() -> !LocalServers.isListening(this.stompPort) && !LocalServers.isListening(this.amqpPort));
		if (this.process != null) {
			this.process.waitFor();
		}
		Files.deleteIfExists(pidFile);
	}

	/** The Erlang VM's process id (for CPU and memory figures). */
	public long pid() throws java.io.IOException {
		return Long.parseLong(Files.readString(this.dir.resolve("pid")).trim());
	}

	public int amqpPort() {
		return this.amqpPort;
	}

	public int stompPort() {
		return this.stompPort;
	}

	public int webStompPort() {
		return this.webStompPort;
	}

	public int managementPort() {
		return this.managementPort;
	}

	/**
	 * Give a user a password with rabbitmqctl, as an operator would after loading
	 * definitions.
	 */
	public void setPassword(String user, String password) throws Exception {
		LocalServers.run(List.of("rabbitmqctl", "-n", this.nodeName, "change_password", user, password),
				Duration.ofSeconds(60));
	}

	/** Add a user with every permission on the default virtual host. */
	public void addUser(String user, String password) throws Exception {
		LocalServers.run(List.of("rabbitmqctl", "-n", this.nodeName, "add_user", user, password),
				Duration.ofSeconds(60));
		allowAccess(user);
	}

	/** Give the user every permission on the default virtual host. */
	public void allowAccess(String user) throws Exception {
		LocalServers.run(
				List.of("rabbitmqctl", "-n", this.nodeName, "set_permissions", "-p", "/", user, ".*", ".*", ".*"),
				Duration.ofSeconds(60));
	}

	/**
	 * Take the user's permissions on the default virtual host: its connections cannot be
	 * opened again until {@link #allowAccess}.
	 */
	public void denyAccess(String user) throws Exception {
		LocalServers.run(List.of("rabbitmqctl", "-n", this.nodeName, "clear_permissions", "-p", "/", user),
				Duration.ofSeconds(60));
	}

	/**
	 * Close the client connection of that name ({@code connection_name} in its client
	 * properties) with {@code rabbitmqctl close_connection}, as an operator would.
	 */
	public void closeConnection(String connectionName) throws Exception {
		String listed = LocalServers.run(
				List.of("rabbitmqctl", "-n", this.nodeName, "list_connections", "-s", "pid", "client_properties"),
				Duration.ofSeconds(60));
		String pid = listed.lines()
			.filter(line -> line.contains("\"" + connectionName + "\""))
			.map(line -> line.substring(0, line.indexOf('\t')))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("no connection " + connectionName + " in:\n" + listed));
		LocalServers.run(List.of("rabbitmqctl", "-n", this.nodeName, "close_connection", pid, "closed by a test"),
				Duration.ofSeconds(60));
	}

	/** The names of all queues, from the management API. */
	public List<String> queues() {
		return get("/api/queues").valueStream().map(queue -> queue.get("name").asString()).toList();
	}

	/**
	 * The queues bound to the exchange (of the default virtual host) with the routing
	 * key, from the management API.
	 */
	public List<String> bindings(String exchange, String routingKey) {
		return get("/api/exchanges/%2F/" + exchange + "/bindings/source").valueStream()
			.filter(binding -> binding.get("routing_key").asString().equals(routingKey)
					&& binding.get("destination_type").asString().equals("queue"))
			.map(binding -> binding.get("destination").asString())
			.toList();
	}

	/** The number of open client connections, from the management API. */
	public int connections() {
		return get("/api/connections").size();
	}

	private boolean managementAnswers() {
		try {
			return send("/api/overview").statusCode() == 200;
		}
		catch (Exception ex) {
			return false;
		}
	}

	private JsonNode get(String path) {
		try {
			HttpResponse<String> response = send(path);
			return JSON.readTree(response.body());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private HttpResponse<String> send(String path) throws Exception {
		String auth = Base64.getEncoder().encodeToString("guest:guest".getBytes(StandardCharsets.UTF_8));
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.managementPort + path))
			.header("Authorization", "Basic " + auth)
			.timeout(Duration.ofSeconds(5))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Override
	public void close() throws Exception {
		try {
			if (LocalServers.isListening(this.stompPort)) {
				stop();
			}
		}
		finally {
			LocalServers.delete(this.dir);
		}
	}

}
