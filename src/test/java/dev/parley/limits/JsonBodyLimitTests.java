package dev.parley.limits;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.parley.support.Api;
import dev.parley.support.Chat;
import dev.parley.support.ParleyTest;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON API reads at most 64 KB of body, whether the client declares the length or
 * streams it: a valid object with a huge unknown field is refused, not parsed.
 */
@ParleyTest
class JsonBodyLimitTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Test
	void aBodyOverTheLimitIsRefusedWith413DeclaredOrStreamedAndASmallOneIsTaken() throws Exception {
		Chat chat = Chat.create(new Api(this.port), "alice");
		String oversize = JSON.writeValueAsString(Map.of("content", "hi", "padding", "x".repeat(100 * 1024)));
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		for (HttpRequest.BodyPublisher body : new HttpRequest.BodyPublisher[] {
				HttpRequest.BodyPublishers.ofString(oversize),
				// no Content-Length: sent chunked
				HttpRequest.BodyPublishers
					.ofInputStream(() -> new ByteArrayInputStream(oversize.getBytes(StandardCharsets.UTF_8))) }) {
			HttpResponse<String> response = http.send(post(chat, body), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(413);
			JsonNode problem = JSON.readTree(response.body());
			assertThat(problem.get("code").asString()).isEqualTo("VALIDATION");
			assertThat(problem.get("detail").asString())
				.isEqualTo("The request body is larger than the limit of 64 KB");
		}
		HttpResponse<String> small = http.send(
				post(chat,
						HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
								"{\"content\":\"streamed and small\"}".getBytes(StandardCharsets.UTF_8)))),
				HttpResponse.BodyHandlers.ofString());
		assertThat(small.statusCode()).as(small.body()).isEqualTo(201);
		assertThat(JSON.readTree(small.body()).get("content").asString()).isEqualTo("streamed and small");
	}

	private HttpRequest post(Chat chat, HttpRequest.BodyPublisher body) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + chat.messagesPath()))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + chat.member(0).token())
			.POST(body)
			.build();
	}

}
