package dev.parley.security;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.parley.support.Api;
import dev.parley.support.Chat;
import dev.parley.support.ParleyTest;
import dev.parley.support.StompTestClient;
import dev.parley.support.StompTestClient.Frame;
import dev.parley.support.StompTestClient.Session;
import dev.parley.support.StompTestClient.Subscription;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A session ends when its token does (no clock skew here), unless the client has
 * refreshed it with a new token of the same user.
 */
@ParleyTest
@TestPropertySource(properties = "parley.security.jwt.clock-skew=0s")
class SessionLifetimeTests {

	@LocalServerPort
	int port;

	@Test
	void aSessionWhoseTokenExpiresGetsTokenExpiredAndIsClosed() {
		String user = Api.newUser("expiring");
		try (StompTestClient client = StompTestClient.nativeWebSocket(this.port)) {
			Session session = client.connect(Api.token(user, Duration.ofSeconds(3), "USER"));
			Frame error = session.awaitErrorFrame();
			assertThat(error.header("message")).startsWith("TOKEN_EXPIRED: the session's token expired at ")
				.endsWith(
						"connect again with a new token, or refresh it before it expires (SEND /app/session.refresh)");
			session.awaitClosed();
		}
	}

	@Test
	void aRefreshedSessionOutlivesItsFirstTokenAndKeepsWorking() {
		Chat chat = Chat.create(new Api(this.port), "alice");
		String alice = chat.member(0).name();
		try (StompTestClient client = StompTestClient.nativeWebSocket(this.port)) {
			Session session = client.connect(Api.token(alice, Duration.ofSeconds(3), "USER"));
			Subscription messages = session.subscribe(chat.topic());
			session.refresh(Api.token(alice, Duration.ofHours(1), "USER")).await();
			// past the first token's expiry, the session is still open
			await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(8)).until(session::isConnected);
			session.sendWithReceipt(chat.sendDestination(), Map.of("content", "still here")).await();
			assertThat(messages.nextJson().get("content").asString()).isEqualTo("still here");
		}
	}

	@Test
	void aRefreshWithAnotherUsersOrABadTokenIsRefusedAndTheFirstTokenStillEndsTheSession() {
		String user = Api.newUser("refusing");
		try (StompTestClient client = StompTestClient.nativeWebSocket(this.port)) {
			Session session = client.connect(Api.token(user, Duration.ofSeconds(4), "USER"));
			Subscription errors = session.errors();
			session.refresh(Api.token(Api.newUser("other"), Duration.ofHours(1), "USER"));
			JsonNode forbidden = errors.nextJson();
			assertThat(forbidden.get("code").asString()).isEqualTo("FORBIDDEN");
			assertThat(forbidden.get("message").asString()).isEqualTo("Refresh refused: the token is for another user");
			session.refresh("not-a-token");
			JsonNode unauthorized = errors.nextJson();
			assertThat(unauthorized.get("code").asString()).isEqualTo("UNAUTHORIZED");
			assertThat(unauthorized.get("message").asString()).isEqualTo("Refresh refused: Invalid token");
			assertThat(session.awaitErrorFrame().header("message")).startsWith("TOKEN_EXPIRED");
		}
	}

}
