package dev.parley.frontend;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.parley.support.Api;
import dev.parley.support.NodeJs;
import dev.parley.support.ParleyTest;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The JavaScript client package ({@code clients/js}) as a web app's developer gets it:
 * packed with {@code npm pack}, installed with {@code npm install} into an empty folder
 * next to its peer dependency {@code @stomp/stompjs} 7.2.1 (from the webjar Parley
 * serves, so no registry is needed), and the ten-line example of its README run as it is
 * written (but for the server's URL) under Node against this server: sign in as the demo
 * user alice, create a conversation, join it, send a message and see it come back.
 */
@ParleyTest
class ClientPackageTests {

	private static final String STOMPJS = "META-INF/resources/webjars/stomp__stompjs/7.2.1";

	private static final String MESSAGE = "Hello from @parley/client";

	/**
	 * Appended to the example: wait until the message came back live, print what the room
	 * holds, close.
	 */
	private static final String FINISH = """

			// ClientPackageTests: wait until the message came back live, then report and close
			for (let i = 0; i < 200 && !room.messages().some((m) => m.content === 'Hello from @parley/client'); i++) {
			  await new Promise((resolve) => setTimeout(resolve, 50));
			}
			console.log(JSON.stringify({ conversationId: conversation.id, user: parley.user,
			  messages: room.messages().map((m) => ({ seq: m.seq, sender: m.sender, content: m.content })) }));
			parley.close();
			process.exit(0);
			""";

	@LocalServerPort
	int port;

	@TempDir
	Path dir;

	@Test
	void aWebAppInstallsThePackedClientAndChatsInTenLines() throws Exception {
		assumeTrue(NodeJs.available() && NodeJs.npmAvailable(),
				"node and npm are not installed; .ci/run installs them");
		Path packed = Files.createDirectories(this.dir.resolve("packed"));
		run(Path.of("clients/js"), List.of("npm", "pack", "--pack-destination", packed.toAbsolutePath().toString()));
		Path tarball;
		try (Stream<Path> files = Files.list(packed)) {
			tarball = files.filter(p -> p.toString().endsWith(".tgz")).findFirst().orElseThrow();
		}
		assertThat(tarball.getFileName().toString()).isEqualTo("parley-client-0.1.0.tgz");
		Path stompjs = this.dir.resolve("stompjs");
		copyWebjar(stompjs);

		Path app = Files.createDirectories(this.dir.resolve("app"));
		Files.writeString(app.resolve("package.json"), """
				{"name": "hello-parley", "private": true, "type": "module"}
				""");
		run(app, List.of("npm", "install", "--offline", "--no-audit", "--no-fund", tarball.toString(),
				stompjs.toString()));

		String example = readmeExample();
		assertThat(example.lines().filter(line -> !line.isBlank())).as(example).hasSizeLessThanOrEqualTo(10);
		assertThat(example).contains("from '@parley/client'").contains("'http://localhost:8080'");
		Files.writeString(app.resolve("hello.mjs"),
				example.replace("'http://localhost:8080'", "'http://127.0.0.1:" + this.port + "'") + FINISH);
		String output = run(app, List.of("node", "--experimental-websocket", "--no-warnings", "hello.mjs"));

		assertThat(output).contains("alice: " + MESSAGE);
		JsonNode result = JsonMapper.builder().build().readTree(output.lines().reduce((a, b) -> b).orElseThrow());
		assertThat(result.get("user").asString()).isEqualTo("alice");
		assertThat(result.get("messages")
			.valueStream()
			.map(m -> m.get("sender").asString() + ": " + m.get("content").asString()))
			.containsExactly("alice: " + MESSAGE);
		// stored once, as the server's history says
		Api.Response history = new Api(this.port)
			.get("/api/conversations/" + result.get("conversationId").asString() + "/messages", Api.token("alice"));
		assertThat(history.status()).isEqualTo(200);
		List<JsonNode> stored = history.json().valueStream().toList();
		assertThat(stored).hasSize(1);
		assertThat(stored.get(0).get("content").asString()).isEqualTo(MESSAGE);
		assertThat(stored.get(0).get("clientMessageId").isNull()).as("sent with a clientMessageId").isFalse();
	}

	/** The code block after the README's ten-line example marker. */
	private static String readmeExample() throws IOException {
		String readme = Files.readString(Path.of("clients/js/README.md"));
		int marker = readme.indexOf("<!-- ten-line example");
		assertThat(marker).as("the README's ten-line example marker").isNotNegative();
		int start = readme.indexOf("```js\n", marker) + "```js\n".length();
		int end = readme.indexOf("```", start);
		return readme.substring(start, end);
	}

	/**
	 * The @stomp/stompjs npm package as the webjar holds it (package.json, esm6,
	 * bundles).
	 */
	private void copyWebjar(Path target) throws Exception {
		URL packageJson = getClass().getClassLoader().getResource(STOMPJS + "/package.json");
		assertThat(packageJson).as("the @stomp/stompjs webjar").isNotNull();
		URI uri = packageJson.toURI();
		if (!"jar".equals(uri.getScheme())) {
			copyTree(Path.of(uri).getParent(), target);
			return;
		}
		FileSystem jar;
		boolean opened = false;
		try {
			jar = FileSystems.newFileSystem(uri, Map.of());
			opened = true;
		}
		catch (FileSystemAlreadyExistsException ex) {
			jar = FileSystems.getFileSystem(uri);
		}
		try {
			copyTree(jar.getPath(STOMPJS), target);
		}
		finally {
			if (opened) {
				jar.close();
			}
		}
	}

	private static void copyTree(Path source, Path target) throws IOException {
		try (Stream<Path> files = Files.walk(source)) {
			for (Path file : files.toList()) {
				Path to = target.resolve(source.relativize(file).toString());
				if (Files.isDirectory(file)) {
					Files.createDirectories(to);
				}
				else {
					Files.copy(file, to);
				}
			}
		}
	}

	private static String run(Path directory, List<String> command) throws Exception {
		Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
		boolean finished = process.waitFor(120, TimeUnit.SECONDS);
		if (!finished) {
			process.destroyForcibly();
		}
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(finished).as("%s finished: %s", command, output).isTrue();
		assertThat(process.exitValue()).as("%s: %s", command, output).isZero();
		return output;
	}

}
