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
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Shared plumbing for throwaway servers: free loopback ports, folders a service user may own, running commands as
 * that user when the tests run as root, and waiting for ports.
 */
public final class LocalServers {

	private LocalServers() {
	}

	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static boolean isRoot() {
		return "root".equals(System.getProperty("user.name"));
	}

	/** A folder under /tmp that another user can enter (JUnit's temp dirs are private to this user). */
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
				Thread.sleep(100); // polling an external process; there is nothing to block on
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
