package dev.parley.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Parley node in a JVM of its own, so that a test can kill it with SIGKILL: no shutdown
 * hooks, no goodbyes.
 */
public final class ParleyProcess implements AutoCloseable {

	private final Process process;

	private final int port;

	private final Path log;

	private ParleyProcess(Process process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
	}

	/**
	 * A relay-mode node on the given RabbitMQ and PostgreSQL; returns once it answers its
	 * health check.
	 */
	public static ParleyProcess relay(RabbitMqNode rabbit, PostgresServer postgres) throws Exception {
		return start(ParleyNode.relayArgs(rabbit, postgres));
	}

	/**
	 * A bridge-mode node on the given RabbitMQ and PostgreSQL; returns once it answers
	 * its health check.
	 */
	public static ParleyProcess bridge(RabbitMqNode rabbit, PostgresServer postgres) throws Exception {
		return start(ParleyNode.bridgeArgs(rabbit, postgres));
	}

	/** The embedded default with its H2 database in the given folder, rate limits off. */
	public static ParleyProcess embedded(Path dataDir) throws Exception {
		return start(List.of("--server.address=127.0.0.1", "--parley.data-dir=" + dataDir,
				"--parley.security.jwt.secret=" + Api.TEST_SECRET, "--parley.limits.messages-per-minute=0",
				"--parley.limits.burst-per-second=0"));
	}

	private static ParleyProcess start(List<String> args) throws Exception {
		return start(List.of("-Xmx256m"), args);
	}

	/**
	 * A node with the given JVM options and application arguments (the port is chosen
	 * here); returns once it answers its health check.
	 */
	public static ParleyProcess start(List<String> jvmOptions, List<String> args) throws Exception {
		return start(ProcessHandle.current().info().command().orElse("java"), jvmOptions, args);
	}

	/** The same, on the given {@code java} binary. */
	public static ParleyProcess start(String java, List<String> jvmOptions, List<String> args) throws Exception {
		return start(java, jvmOptions, null, args);
	}

	/**
	 * The same, from the given application jar ({@code java -jar}), or from this JVM's
	 * class path when it is {@code null}. A class-data or AOT cache holds classes from
	 * jars only, so a node that uses one runs from the extracted application
	 * ({@code java -Djarmode=tools -jar parley.jar extract}: the application's jar with
	 * its {@code lib/} beside it).
	 */
	public static ParleyProcess start(String java, List<String> jvmOptions, Path jar, List<String> args)
			throws Exception {
		int port = LocalServers.freePort();
		Path log = Files.createTempFile("parley-node-", ".log");
		String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		List<String> command = command(java, jvmOptions, jar, classPath, port, args);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		ParleyProcess node = new ParleyProcess(process, port, log);
		HttpClient http = HttpClient.newHttpClient();
		LocalServers.await("Parley on port " + port + " (log " + log + ")", Duration.ofSeconds(90), () -> {
			if (!process.isAlive()) {
				throw new IllegalStateException("Parley exited; see " + log);
			}
			try {
				return http
					.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
							HttpResponse.BodyHandlers.ofString())
					.body()
					.contains("\"UP\"");
			}
			catch (Exception ex) {
				return false;
			}
		});
		return node;
	}

	/**
	 * The command line of a node: {@code java <jvm options> -jar <jar>} when a jar is
	 * given, else
	 * {@code java <jvm options> -cp <class path> dev.parley.ParleyApplication}; then the
	 * port and the arguments.
	 */
	public static List<String> command(String java, List<String> jvmOptions, Path jar, String classPath, int port,
			List<String> args) {
		List<String> command = new ArrayList<>(List.of(java));
		command.addAll(jvmOptions);
		if (jar != null) {
			command.addAll(List.of("-jar", jar.toString()));
		}
		else {
			command.addAll(List.of("-cp", classPath, "dev.parley.ParleyApplication"));
		}
		command.add("--server.port=" + port);
		command.addAll(args);
		return command;
	}

	public int port() {
		return this.port;
	}

	/** The node's output so far (deleted on {@link #close()}). */
	public Path log() {
		return this.log;
	}

	public long pid() {
		return this.process.pid();
	}

	/** SIGKILL, and wait until the process is gone. */
	public void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor();
	}

	/**
	 * SIGTERM (Spring's graceful shutdown, then the JVM's exit, which is when it writes
	 * an AOT cache or class-data archive it was asked to record), and wait until the
	 * process is gone; SIGKILL if it is not gone within {@code grace}.
	 * @return the exit code, or -1 when it had to be killed
	 */
	public int stop(Duration grace) throws InterruptedException {
		this.process.destroy();
		if (this.process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
			return this.process.exitValue();
		}
		kill();
		return -1;
	}

	@Override
	public void close() throws Exception {
		kill();
		Files.deleteIfExists(this.log);
	}

}
