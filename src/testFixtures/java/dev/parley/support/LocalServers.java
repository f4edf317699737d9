package dev.parley.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Shared plumbing for throwaway servers: free loopback ports, folders a service user may
 * own, running commands as that user when the tests run as root, and waiting for ports.
 */
public final class LocalServers {

	private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

	private LocalServers() {
	}

	/**
	 * A free loopback port below the kernel's ephemeral range. Ports handed out by
	 * binding to port 0 come from that range, which is also where every outgoing
	 * connection (and RabbitMQ's own helper nodes while it boots) takes its local port,
	 * so a port chosen there can be taken before the server we chose it for binds it.
	 * Below the range only listeners compete, and each port is handed out once per JVM.
	 */
	public static int freePort() {
		int[] ephemeral = ephemeralRange();
		int low = Math.max(1024, ephemeral[0] - 22_000);
		int high = ephemeral[0] - 1;
		for (int attempt = 0; attempt < 1_000; attempt++) {
			int port = ThreadLocalRandom.current().nextInt(low, high + 1);
			if (HANDED_OUT.add(port) && bindable(port)) {
				return port;
			}
		}
		throw new IllegalStateException("no free loopback port in " + low + "-" + high);
	}

	private static boolean bindable(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(false);
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static int[] ephemeralRange() {
		try {
			String[] range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
			return new int[] { Integer.parseInt(range[0]), Integer.parseInt(range[1]) };
		}
		catch (IOException | RuntimeException ex) {
			return new int[] { 32768, 60999 }; // Linux's default
		}
	}

	/**
	 * The last lines of a log file, for an error message (empty if it cannot be read).
	 */
	public static String tail(Path file, int lines) {
		try {
			List<String> all = Files.readAllLines(file);
			return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
		}
		catch (IOException | RuntimeException ex) {
			return "";
		}
	}

	static boolean isRoot() {
		return "root".equals(System.getProperty("user.name"));
	}

	/**
	 * A folder under /tmp that another user can enter (JUnit's temp dirs are private to
	 * this user).
	 */
	static Path folder(String prefix) throws IOException {
		Path dir = Files.createTempDirectory(Path.of("/tmp"), prefix);
		Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
		return dir;
	}

	static void chown(Path dir, String user) throws IOException, InterruptedException {
		if (isRoot()) {
			run(List.of("chown", "-R", user + ":" + user, dir.toString()), Duration.ofSeconds(30));
		}
	}

	/** Run a command to completion; fails with its output if it exits non-zero. */
	public static String run(List<String> command, Duration timeout) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException("timed out: " + command);
		}
		String output = new String(process.getInputStream().readAllBytes());
		if (process.exitValue() != 0) {
			throw new IllegalStateException(command + " exited " + process.exitValue() + ":\n" + output);
		}
		return output;
	}

	/** Run a shell command as the given user (as ourselves when not root). */
	static List<String> asUser(String user, String shellCommand) {
		return isRoot() ? List.of("su", "-s", "/bin/sh", user, "-c", shellCommand)
				: List.of("/bin/sh", "-c", shellCommand);
	}

	static boolean isListening(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	public static void await(String what, Duration timeout, BooleanSupplier condition) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("timed out waiting for " + what);
			}
			try {
				// polling an external process; there is nothing to block on
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	static boolean onPath(String command) {
		return Stream.of(System.getenv("PATH").split(":"), new String[] { "/usr/sbin", "/usr/lib/rabbitmq/bin" })
			.flatMap(Stream::of)
			.anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
	}

	public static void delete(Path dir) {
		try (Stream<Path> paths = Files.walk(dir)) {
			paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
		}
		catch (IOException ex) {
			// best effort: it is under /tmp
		}
	}

}
