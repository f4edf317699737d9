package dev.parley.broker;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.parley.support.Api;
import dev.parley.support.ParleyTest;
import dev.parley.support.StompTestClient;
import dev.parley.support.StompTestClient.Session;
import dev.parley.support.StompTestClient.Subscription;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /sockjs} carries the same chat as {@code /ws}, over its WebSocket transport and over the XHR fallback, and
 * the two endpoints talk to each other.
 */
@ParleyTest
class SockJsTests {

	@LocalServerPort
	int port;

	@Test
	void xhrFallbackAndNativeClientsChat() {
		String alice = Api.newUser("alice");
		String bob = Api.newUser("bob");
		UUID conversation = new Api(this.port).createConversation(alice, bob);
		try (StompTestClient xhr = StompTestClient.sockJsXhr(this.port);
				StompTestClient ws = StompTestClient.nativeWebSocket(this.port);
				Session a = xhr.connect(Api.token(alice));
				Session b = ws.connect(Api.token(bob))) {
			Subscription atAlice = a.subscribe("/topic/conversation." + conversation);
			Subscription atBob = b.subscribe("/topic/conversation." + conversation);

			a.sendWithReceipt("/app/conversation." + conversation + ".send", Map.of("content", "over xhr")).await();
			assertThat(atBob.nextJson().get("content").asString()).isEqualTo("over xhr");
			assertThat(atAlice.nextJson().get("sender").asString()).isEqualTo(alice);

			b.send("/app/conversation." + conversation + ".send", Map.of("content", "over ws"));
			assertThat(atAlice.nextJson().get("content").asString()).isEqualTo("over ws");
		}
	}

	@Test
	void sockJsWebSocketTransportChatsAndGetsErrors() {
		String alice = Api.newUser("alice");
		UUID conversation = new Api(this.port).createConversation(alice);
		try (StompTestClient sockjs = StompTestClient.sockJsWebSocket(this.port);
				Session a = sockjs.connect(Api.token(alice))) {
			Subscription messages = a.subscribe("/topic/conversation." + conversation);
			Subscription errors = a.errors();
			a.send("/app/conversation." + conversation + ".send", Map.of("content", ""));
			assertThat(errors.nextJson().get("code").asString()).isEqualTo("VALIDATION");
			a.send("/app/conversation." + conversation + ".send", Map.of("content", "fine"));
			assertThat(messages.nextJson().get("content").asString()).isEqualTo("fine");
		}
	}

	@Test
	void sockJsRefusesConnectWithoutToken() {
		try (StompTestClient xhr = StompTestClient.sockJsXhr(this.port)) {
			var error = xhr.connectExpectingError(new org.springframework.messaging.simp.stomp.StompHeaders());
			assertThat(error.header("message")).startsWith("Unauthorized");
		}
	}

}
