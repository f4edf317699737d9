package dev.parley.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A throwaway PostgreSQL server from Debian's binaries: {@code initdb} into its own
 * folder and {@code pg_ctl start} on a free loopback port, both as the {@code postgres}
 * user when the tests run as root (initdb refuses root).
 */
public final class PostgresServer implements AutoCloseable {

	private final Path dir;

	private final Path bin;

	private final int port = LocalServers.freePort();

	private PostgresServer(Path bin) throws Exception {
		this.bin = bin;
		this.dir = LocalServers.folder("postgres-");
		LocalServers.chown(this.dir, "postgres");
		LocalServers.run(LocalServers.asUser("postgres", this.bin.resolve("initdb") + " -D " + this.dir.resolve("data")
				+ " -A trust -U postgres --no-sync -E UTF8 --locale=C.UTF-8 > " + this.dir.resolve("initdb.log")),
				Duration.ofSeconds(120));
		startServer();
	}

	/**
	 * Start the server (again, after {@link #stopServer()}), on the same folder and port.
	 */
	public void startServer() throws Exception {
		LocalServers.run(
				LocalServers.asUser("postgres",
						this.bin.resolve("pg_ctl") + " -D " + this.dir.resolve("data") + " -l "
								+ this.dir.resolve("server.log") + " -w -t 60 -o \"-p " + this.port + " -k " + this.dir
								+ " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200\" start"),
				Duration.ofSeconds(90));
	}

	/** Stop the server abruptly, as a crash or failover would, keeping its data. */
	public void stopServer() throws Exception {
		LocalServers.run(
				LocalServers.asUser("postgres",
						this.bin.resolve("pg_ctl") + " -D " + this.dir.resolve("data") + " -m immediate -w stop"),
				Duration.ofSeconds(60));
	}

	/** Start a server; skips the calling test when PostgreSQL is not installed. */
	public static PostgresServer start() throws Exception {
		Optional<Path> bin = binaries();
		assumeTrue(bin.isPresent(), "PostgreSQL is not installed (apt-get install postgresql; .ci/run does)");
		return new PostgresServer(bin.get());
	}

	private static Optional<Path> binaries() throws IOException {
		Path root = Path.of("/usr/lib/postgresql");
		if (!Files.isDirectory(root)) {
			return Optional.empty();
		}
		try (Stream<Path> versions = Files.list(root)) {
			return versions.map(version -> version.resolve("bin"))
				.filter(bin -> Files.isExecutable(bin.resolve("initdb")))
				.max(Comparator.comparing(path -> Integer.parseInt(path.getParent().getFileName().toString())));
		}
	}

	public String jdbcUrl() {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/postgres";
	}

	public String username() {
		return "postgres";
	}

	@Override
	public void close() throws Exception {
		try {
			if (LocalServers.isListening(this.port)) {
				stopServer();
			}
		}
		finally {
			LocalServers.delete(this.dir);
		}
	}

}
