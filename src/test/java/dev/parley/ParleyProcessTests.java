package dev.parley;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.parley.support.ClusterTest;
import dev.parley.support.ParleyProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a Parley node's JVM is launched: from the build's class path, or from an
 * application jar (which a class-data or AOT cache needs).
 */
class ParleyProcessTests {

	@Test
	void withoutAJarTheNodeRunsTheMainClassFromTheClassPath() {
		assertThat(ParleyProcess.command("java", List.of("-Xmx2g"), null, "a.jar:classes", 8080, List.of("--x=1")))
			.containsExactly("java", "-Xmx2g", "-cp", "a.jar:classes", "dev.parley.ParleyApplication",
					"--server.port=8080", "--x=1");
	}

	@Test
	void withAJarTheNodeRunsThatJarAndItsJvmOptionsComeBeforeIt() {
		assertThat(ParleyProcess.command("/jdk25/bin/java", List.of("-Xmx2g", "-XX:AOTCache=app.aot"),
				Path.of("/app/parley.jar"), "ignored", 8080, List.of("--x=1")))
			.containsExactly("/jdk25/bin/java", "-Xmx2g", "-XX:AOTCache=app.aot", "-jar", "/app/parley.jar",
					"--server.port=8080", "--x=1");
	}

	@Test
	@ClusterTest
	void stopEndsTheNodeWithItsGracefulShutdownNotAKill(@TempDir Path data) throws Exception {
		try (ParleyProcess node = ParleyProcess.embedded(data)) {
			int exit = node.stop(Duration.ofSeconds(60));

			assertThat(exit).as("exit code (-1: it had to be killed)").isNotEqualTo(-1);
			assertThat(Files.readString(node.log())).contains("Graceful shutdown complete");
		}
	}

}
