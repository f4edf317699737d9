package dev.parley.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.parley.support.BenchTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The load benchmark in its smallest configuration (two rooms and a room of twenty, one
 * short step each, one start per target), so that it keeps working: every scenario
 * against every target delivers everything it sends and reports its figures. The figures
 * themselves are not judged here (docs/performance.md holds the full runs).
 */
@BenchTest
class BenchmarkSmokeTests {

	static final int SESSIONS = 20;

	static final int BIG_ROOM = 20;

	static final Path SOCKET_IO = Path.of("src/bench/socketio");

	/**
	 * Whether the Socket.IO server's locked dependencies are there, installing them with
	 * npm the first time (as .ci/run does) so that {@code ./mvnw verify} needs no step of
	 * its own.
	 */
	static boolean socketIoInstalled() throws InterruptedException {
		if (Files.isDirectory(SOCKET_IO.resolve("node_modules/socket.io"))) {
			return true;
		}
		try {
			Process npm = new ProcessBuilder("npm", "ci", "--prefix", SOCKET_IO.toString(), "--no-audit", "--no-fund")
				.inheritIO()
				.start();
			if (!npm.waitFor(5, TimeUnit.MINUTES)) {
				npm.destroyForcibly();
				return false;
			}
		}
		catch (IOException ex) {
			return false; // no npm
		}
		return Files.isDirectory(SOCKET_IO.resolve("node_modules/socket.io"));
	}

	@Test
	void everyScenarioRunsAgainstEveryTarget(@TempDir Path out) throws Exception {
		assumeTrue(Files.isExecutable(Path.of("/usr/sbin/rabbitmq-server")),
				"rabbitmq-server is not installed; .ci/run installs it");
		assumeTrue(socketIoInstalled(), "the Socket.IO server's dependencies are not installed and npm could not "
				+ "install them: npm ci --prefix " + SOCKET_IO + " (.ci/run does)");
		// C1 only: a Parley JVM starts on half the CPU, and nothing here runs long enough
		// for C2 to matter
		Path json = new Benchmark(BenchOptions.parse("targets=embedded,relay,bridge,webstomp,socketio",
				"sessions=" + SESSIONS, "relay-sessions=" + SESSIONS, "big-room=" + BIG_ROOM, "idle-seconds=1",
				"warmup-seconds=1", "step-warmup-seconds=0", "step-seconds=1", "rates=100", "big-room-rates=200",
				"big-room-on-its-own-target=false", "server-jvm=-XX:TieredStopAtLevel=1",
				// Parley declines WebSocket compression by default (CompressionTests); on
				// here, so that the generator's compressed path is exercised on every
				// mode
				"server-args=--parley.broker.compression=true", "out=" + out))
			.run();

		JsonNode report = JsonMapper.builder().build().readTree(json.toFile());
		assertThat(report.get("machine").get("cpus").asInt()).isPositive();
		List<JsonNode> results = report.get("results").valueStream().toList();
		assertThat(results).noneMatch(r -> r.has("failed"));
		for (String target : List.of("parley-embedded", "parley-relay", "parley-bridge", "rabbitmq-web-stomp",
				"socketio")) {
			for (String scenario : List.of("idle", "fanout", "storm", "bigroom")) {
				JsonNode result = results.stream()
					.filter(r -> r.get("target").asString().equals(target)
							&& r.get("scenario").asString().equals(scenario))
					.findFirst()
					.orElseThrow(() -> new AssertionError("no " + scenario + " result for " + target));
				assertThat(result.get("sessions").asInt()).as(target + " " + scenario)
					.isEqualTo(scenario.equals("bigroom") ? BIG_ROOM : SESSIONS);
				if (result.has("steps")) {
					JsonNode step = result.get("steps").get(0);
					assertThat(step.get("deliveryRatio").asDouble()).as(target + " " + scenario).isEqualTo(1.0);
					assertThat(step.get("p99Ms").asDouble()).as(target + " " + scenario).isPositive();
					assertThat(step.get("serverCpuUsPerDelivered").asDouble()).as(target + " " + scenario)
						.isNotNegative();
				}
			}
			JsonNode idle = results.stream()
				.filter(r -> r.get("target").asString().equals(target) && r.get("scenario").asString().equals("idle"))
				.findFirst()
				.orElseThrow();
			assertThat(idle.get("stillOpen").asInt()).isEqualTo(SESSIONS);
			assertThat(idle.get("closedByServer").asLong()).isZero();
			// the generator offers permessage-deflate as browsers do (deflate=true by
			// default): Parley with compression on and Web STOMP accept it on every
			// session, Socket.IO 4 leaves it off
			if (target.startsWith("parley-") || target.equals("rabbitmq-web-stomp")) {
				assertThat(idle.get("deflateSessions").asInt()).as(target).isEqualTo(SESSIONS);
			}
			if (target.equals("socketio")) {
				assertThat(idle.get("deflateSessions").asInt()).as(target).isZero();
				assertThat(idle.get("serverCpuCoresWhileIdle").propertyNames()).containsExactly("socketio");
			}
			if (target.equals("parley-bridge")) {
				// both nodes count as the server, each with its share of the sessions'
				// sockets
				assertThat(idle.get("serverCpuCoresWhileIdle").propertyNames()).containsExactly("parley-1", "parley-2",
						"rabbitmq");
				assertThat(idle.get("openFiles").get("parley-1").asLong()).isGreaterThan(SESSIONS / 2);
				assertThat(idle.get("openFiles").get("parley-2").asLong()).isGreaterThan(SESSIONS / 2);
			}
		}
		// the chart: a line per target and scenario with steps, and every result in its
		// table
		String html = java.nio.file.Files
			.readString(json.resolveSibling(json.getFileName().toString().replace(".json", ".html")));
		assertThat(html).contains("<polyline", "Rate steps", "Idle", "Reconnect storm")
			.contains("parley-embedded fanout", "parley-relay bigroom", "parley-bridge fanout",
					"rabbitmq-web-stomp fanout", "socketio fanout", "socketio bigroom", "server CPU &micro;s/delivered",
					"permessage-deflate sessions")
			.doesNotContain("NaN", "Failed");
	}

}
