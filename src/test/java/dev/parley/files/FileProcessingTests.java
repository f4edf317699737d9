package dev.parley.files;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.parley.support.Api;
import dev.parley.support.ParleyTest;
import dev.parley.support.StompTestClient;
import dev.parley.support.StompTestClient.Session;
import dev.parley.support.StompTestClient.Subscription;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Uploads on the embedded default (test limit 256 KB): progress at
 * {@code /user/queue/files} up to done or failed.
 */
@ParleyTest
class FileProcessingTests {

	@LocalServerPort
	int port;

	static List<JsonNode> eventsUntilTheEnd(Subscription files) {
		List<JsonNode> events = new ArrayList<>();
		JsonNode event;
		do {
			event = files.nextJson();
			events.add(event);
		}
		while (!List.of("done", "failed").contains(event.get("stage").asString()));
		return events;
	}

	@Test
	void anUploadIsProcessedWithProgressEndingInDone() throws Exception {
		String alice = Api.newUser("alice");
		byte[] content = new byte[200 * 1024];
		new Random(7).nextBytes(content);
		try (StompTestClient client = StompTestClient.nativeWebSocket(this.port);
				Session session = client.connect(Api.token(alice))) {
			Subscription files = session.subscribe("/user/queue/files");
			Api.Response accepted = new Api(this.port).upload(Api.token(alice), "../../photo.bin", "image/png",
					content);
			assertThat(accepted.status()).isEqualTo(202);
			String fileId = accepted.json().get("fileId").asString();
			assertThat(accepted.json().get("name").asString()).isEqualTo("photo.bin");

			List<JsonNode> events = eventsUntilTheEnd(files);
			assertThat(events).allSatisfy(e -> {
				assertThat(e.get("type").asString()).isEqualTo("file");
				assertThat(e.get("fileId").asString()).isEqualTo(fileId);
				assertThat(e.get("name").asString()).isEqualTo("photo.bin");
			});
			assertThat(events.stream().map(e -> e.get("percent").asInt()).toList()).isSorted();
			assertThat(events.stream().map(e -> e.get("stage").asString())).contains("checksum");
			JsonNode done = events.get(events.size() - 1);
			assertThat(done.get("stage").asString()).isEqualTo("done");
			assertThat(done.get("percent").asInt()).isEqualTo(100);
			assertThat(done.get("size").asLong()).isEqualTo(content.length);
			assertThat(done.get("sha256").asString())
				.isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
			assertThat(done.get("contentType").asString()).isEqualTo("application/octet-stream");
		}
	}

	@Test
	void emptyFilesFailWithAReason() {
		String alice = Api.newUser("alice");
		Api api = new Api(this.port);
		try (StompTestClient client = StompTestClient.nativeWebSocket(this.port);
				Session session = client.connect(Api.token(alice))) {
			Subscription files = session.subscribe("/user/queue/files");
			api.upload(Api.token(alice), "empty.txt", "text/plain", new byte[0]);
			List<JsonNode> events = eventsUntilTheEnd(files);
			JsonNode empty = events.get(events.size() - 1);
			assertThat(empty.get("stage").asString()).isEqualTo("failed");
			assertThat(empty.get("reason").asString()).isEqualTo("the file is empty");
		}
	}

	@Test
	void textIsRecognisedAndAnExecutableIsRefusedWhateverItsName() {
		String alice = Api.newUser("alice");
		Api api = new Api(this.port);
		try (StompTestClient client = StompTestClient.nativeWebSocket(this.port);
				Session session = client.connect(Api.token(alice))) {
			Subscription files = session.subscribe("/user/queue/files");
			api.upload(Api.token(alice), "notes.txt", "text/plain", "h\u00e9llo".getBytes(StandardCharsets.UTF_8));
			List<JsonNode> text = eventsUntilTheEnd(files);
			assertThat(text.get(text.size() - 1).get("contentType").asString()).isEqualTo("text/plain");

			byte[] elf = { 0x7F, 'E', 'L', 'F', 2, 1, 1, 0 };
			api.upload(Api.token(alice), "cat.jpg", "image/jpeg", elf);
			List<JsonNode> refused = eventsUntilTheEnd(files);
			JsonNode failed = refused.get(refused.size() - 1);
			assertThat(failed.get("stage").asString()).isEqualTo("failed");
			assertThat(failed.get("reason").asString()).contains("executables are not accepted");
		}
	}

	@Test
	void uploadsOverTheLimitAndBadRequestsGetClearErrors() {
		String token = Api.token(Api.newUser("alice"));
		Api api = new Api(this.port);
		Api.Response tooBig = api.upload(token, "big.bin", "application/octet-stream", new byte[300 * 1024]);
		assertThat(tooBig.status()).isEqualTo(413);
		assertThat(tooBig.json().get("detail").asString()).contains("256 KB");
		Api.Response notMultipart = api.post("/api/files", token, "{}");
		assertThat(notMultipart.status()).isEqualTo(400);
		assertThat(api.upload(null, "x.txt", "text/plain", new byte[] { 'x' }).status()).isEqualTo(401);
	}

}
