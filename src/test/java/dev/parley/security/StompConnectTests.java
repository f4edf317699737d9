package dev.parley.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.parley.support.Api;
import dev.parley.support.ParleyTest;
import dev.parley.support.RawSocket;
import dev.parley.support.StompTestClient;
import dev.parley.support.StompTestClient.Frame;
import dev.parley.support.StompTestClient.Session;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.simp.stomp.StompHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CONNECT needs {@code Authorization: Bearer <jwt>}: missing, forged or expired tokens
 * get an ERROR frame and a closed connection; tokens minted by another holder of the key
 * are accepted.
 */
@ParleyTest
@ExtendWith(OutputCaptureExtension.class)
class StompConnectTests {

	@LocalServerPort
	int port;

	StompTestClient client;

	@BeforeEach
	void setUp() {
		this.client = StompTestClient.nativeWebSocket(this.port);
	}

	@AfterEach
	void tearDown() {
		this.client.close();
	}

	static StompHeaders bearer(String token) {
		StompHeaders headers = new StompHeaders();
		headers.add("Authorization", "Bearer " + token);
		return headers;
	}

	@Test
	void connectWithoutTokenIsRefused() {
		Frame error = this.client.connectExpectingError(new StompHeaders());
		assertThat(error.header("message")).startsWith("Unauthorized").contains("Missing bearer token");
	}

	@Test
	void forgedTokenIsRefused() {
		String forged = Jwts.builder()
			.subject("alice")
			.expiration(new Date(System.currentTimeMillis() + 60_000))
			.signWith(Keys.hmacShaKeyFor("another-key-another-key-another-key-0123".getBytes(StandardCharsets.UTF_8)))
			.json(JsonForTests.serializer())
			.compact();
		Frame error = this.client.connectExpectingError(bearer(forged));
		assertThat(error.header("message")).isEqualTo("Unauthorized: Invalid token");
	}

	@Test
	void tokenWithAlteredClaimsIsRefused() {
		String token = Api.token("alice");
		String[] parts = token.split("\\.");
		String claims = java.util.Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(("{\"sub\":\"bob\",\"exp\":" + (System.currentTimeMillis() / 1000 + 600) + "}")
				.getBytes(StandardCharsets.UTF_8));
		Frame error = this.client.connectExpectingError(bearer(parts[0] + "." + claims + "." + parts[2]));
		assertThat(error.header("message")).isEqualTo("Unauthorized: Invalid token");
	}

	@Test
	void unsignedTokenIsRefused() {
		String none = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes())
				+ "."
				+ java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{\"sub\":\"alice\"}".getBytes())
				+ ".";
		Frame error = this.client.connectExpectingError(bearer(none));
		assertThat(error.header("message")).isEqualTo("Unauthorized: Invalid token");
	}

	@Test
	void expiredTokenIsRefused() {
		String expired = Api.token("alice", Duration.ofMinutes(-5), "USER");
		Frame error = this.client.connectExpectingError(bearer(expired));
		assertThat(error.header("message")).isEqualTo("Unauthorized: Token has expired");
	}

	@Test
	void aValidlySignedTokenFromAnotherIssuerOrNoneIsRefused() {
		for (String issuer : new String[] { "elsewhere", null }) {
			String token = Api.token(issuer, "alice", Duration.ofMinutes(5), "USER");
			Frame error = this.client.connectExpectingError(bearer(token));
			assertThat(error.header("message"))
				.isEqualTo("Unauthorized: Invalid token: its iss claim is missing or not accepted here");
		}
	}

	@Test
	void aValidlySignedTokenOverTheSizeLimitIsRefused() {
		String huge = Api.token("parley", "alice", Duration.ofMinutes(5), "USER", "x".repeat(10_000));
		Frame error = this.client.connectExpectingError(bearer(huge));
		assertThat(error.header("message")).isEqualTo("Unauthorized: Token too large (over 8192 characters)");
	}

	@Test
	void aConnectWithTooManyHeadersIsRefused() {
		StompHeaders headers = bearer(Api.token("alice"));
		for (int i = 0; i < 40; i++) {
			headers.add("x-padding-" + i, "x");
		}
		Frame error = this.client.connectExpectingError(headers);
		assertThat(error.header("message")).startsWith("Too many headers: the frame carries ").endsWith("(limit 32)");
	}

	@Test
	void garbageIsRefused() {
		Frame error = this.client.connectExpectingError(bearer("not-a-jwt"));
		assertThat(error.header("message")).isEqualTo("Unauthorized: Invalid token");
	}

	@Test
	void tokenMintedElsewhereWithTheKeyIsAcceptedAndNamesTheUser() {
		String user = Api.newUser("svc-minted");
		Api api = new Api(this.port);
		UUID conversation = api.createConversation(user);
		try (Session session = this.client.connect(Api.token(user))) {
			var messages = session.subscribe("/topic/conversation." + conversation);
			session.send("/app/conversation." + conversation + ".send", Map.of("content", "hi"));
			assertThat(messages.nextJson().get("sender").asString()).isEqualTo(user);
		}
	}

	@Test
	void tokensNeverReachTheLogs(CapturedOutput output) throws Exception {
		String valid = Api.token(Api.newUser("logged"));
		try (Session session = this.client.connect(valid)) {
			session.sendWithReceipt("/app/presence", Map.of("status", "away")).await();
		}
		String expired = Api.token("alice", Duration.ofMinutes(-5), "USER");
		this.client.connectExpectingError(bearer(expired));
		String malformed = Api.token(Api.newUser("typo"));
		try (RawSocket socket = RawSocket.open(this.port)) {
			// no colon: the decoder's complaint quotes the whole header
			socket.send("CONNECT\naccept-version:1.2\nAuthorization Bearer " + malformed + "\n\n\0");
			assertThat(socket.nextFrame()).startsWith("ERROR").contains("Malformed STOMP frame");
			socket.awaitClosed();
		}
		for (String token : new String[] { valid, expired, malformed }) {
			assertThat(output.getAll()).doesNotContain(token.substring(token.lastIndexOf('.') + 1));
		}
	}

	@Test
	void sessionsPerUserAreLimited() {
		String user = Api.newUser("tabs");
		Session[] open = new Session[4];
		try {
			for (int i = 0; i < open.length; i++) {
				open[i] = this.client.connect(Api.token(user));
			}
			Frame error = this.client.connectExpectingError(bearer(Api.token(user)));
			assertThat(error.header("message")).contains("Too many sessions").contains("limit 4");

			open[0].close();
			org.awaitility.Awaitility.await().atMost(StompTestClient.TIMEOUT).untilAsserted(() -> {
				try (Session again = this.client.connect(Api.token(user))) {
					assertThat(again.isConnected()).isTrue();
				}
			});
		}
		finally {
			for (Session session : open) {
				if (session != null) {
					session.close();
				}
			}
		}
	}

}
