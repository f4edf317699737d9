package dev.parley.broker;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.parley.support.NodeJs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs the unit tests of the JavaScript client package
 * ({@code clients/js/test/*.test.mjs}) and of the sample page's own modules
 * ({@code frontend-sample/test/*.test.mjs}) with Node's test runner, so that
 * {@code ./mvnw verify} covers them: a failing Node test fails the build.
 */
class JavaScriptUnitTests {

	@Test
	void clientPackagePassesItsUnitTests() throws Exception {
		runNodeTests(Path.of("clients/js/test"));
	}

	@Test
	void frontendModulesPassTheirUnitTests() throws Exception {
		runNodeTests(Path.of("frontend-sample/test"));
	}

	private static void runNodeTests(Path folder) throws Exception {
		assumeTrue(NodeJs.available(), "node is not installed; .ci/run installs it");
		List<String> command = new ArrayList<>(List.of("node", "--test"));
		try (Stream<Path> files = Files.list(folder)) {
			files.filter(path -> path.toString().endsWith(".test.mjs"))
				.sorted()
				.forEach(p -> command.add(p.toString()));
		}
		assertThat(command).hasSizeGreaterThan(2);
		Process node = new ProcessBuilder(command).redirectErrorStream(true).start();
		assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("node --test finished").isTrue();
		String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(node.exitValue()).as(output).isZero();
		assertThat(output).contains("# fail 0");
	}

}
