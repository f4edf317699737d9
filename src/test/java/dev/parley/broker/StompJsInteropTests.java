package dev.parley.broker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

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
 * The JavaScript clients Parley's users run, {@code @stomp/stompjs} 7 and the legacy
 * {@code stomp-websocket} 2.3, loaded from the very webjars Parley serves, chat with each
 * other through {@code /ws} (run under Node, whose WebSocket is the browser API). Needs
 * {@code node} 20.10 or newer on the PATH, as {@code .ci/run} ensures.
 */
@ParleyTest
class StompJsInteropTests {

	@LocalServerPort
	int port;

	@TempDir
	Path dir;

	@Test
	void stompJs7AndLegacyStompJs23ChatThroughWs() throws Exception {
		assumeTrue(NodeJs.available(), "node is not installed; .ci/run installs it");
		copy("META-INF/resources/webjars/stomp__stompjs/7.2.1/bundles/stomp.umd.js", "stomp.umd.js");
		copy("META-INF/resources/webjars/stomp-websocket/2.3.4/stomp.js", "stomp.js");
		copy("interop/chat.cjs", "chat.cjs");

		String modern = Api.newUser("modern");
		String legacy = Api.newUser("legacy");
		UUID conversation = new Api(this.port).createConversation(modern, legacy);
		Process node = new ProcessBuilder(List.of("node", "--experimental-websocket", "--no-warnings",
				this.dir.resolve("chat.cjs").toString(), this.dir.toString(), "ws://127.0.0.1:" + this.port + "/ws",
				conversation.toString(), Api.token(modern), Api.token(legacy)))
			.redirectErrorStream(true)
			.start();
		assertThat(node.waitFor(30, TimeUnit.SECONDS)).as("node finished").isTrue();
		String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
		assertThat(node.exitValue()).as(output).isZero();

		JsonNode result = JsonMapper.builder().build().readTree(output.lines().reduce((a, b) -> b).orElseThrow());
		JsonNode fromLegacy = result.get("modernReceived")
			.valueStream()
			.filter(m -> m.get("content").asString().equals("from legacy 2.3"))
			.findFirst()
			.orElseThrow();
		assertThat(fromLegacy.get("sender").asString()).isEqualTo(legacy);
		JsonNode fromModern = result.get("legacyReceived")
			.valueStream()
			.filter(m -> m.get("content").asString().equals("from stompjs 7"))
			.findFirst()
			.orElseThrow();
		assertThat(fromModern.get("sender").asString()).isEqualTo(modern);
	}

	private void copy(String resource, String name) throws IOException {
		try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
			assertThat(in).as(resource).isNotNull();
			Files.copy(in, this.dir.resolve(name));
		}
	}

}
