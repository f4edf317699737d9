package dev.parley.broker;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.parley.support.Api;
import dev.parley.support.Chat;
import dev.parley.support.ParleyTest;
import dev.parley.support.StompTestClient;
import dev.parley.support.StompTestClient.Session;
import dev.parley.support.StompTestClient.Subscription;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /sockjs} carries the same chat as {@code /ws}, over its WebSocket transport and
 * over the XHR fallback, and the two endpoints talk to each other.
 */
@ParleyTest
class SockJsTests {

	@LocalServerPort
	int port;

	@Test
	void xhrFallbackAndNativeClientsChat() {
		Chat chat = Chat.create(new Api(this.port), "alice", "bob");
		String alice = chat.member(0).name();
		try (StompTestClient xhr = StompTestClient.sockJsXhr(this.port);
				StompTestClient ws = StompTestClient.nativeWebSocket(this.port);
				Session a = xhr.connect(chat.member(0).token());
				Session b = ws.connect(chat.member(1).token())) {
			Subscription atAlice = a.subscribe(chat.topic());
			Subscription atBob = b.subscribe(chat.topic());

			a.sendWithReceipt(chat.sendDestination(), Map.of("content", "over xhr")).await();
			assertThat(atBob.nextJson().get("content").asString()).isEqualTo("over xhr");
			assertThat(atAlice.nextJson().get("sender").asString()).isEqualTo(alice);

			b.send(chat.sendDestination(), Map.of("content", "over ws"));
			assertThat(atAlice.nextJson().get("content").asString()).isEqualTo("over ws");
		}
	}

	@Test
	void sockJsWebSocketTransportChatsAndGetsErrors() {
		Chat chat = Chat.create(new Api(this.port), "alice");
		try (StompTestClient sockjs = StompTestClient.sockJsWebSocket(this.port);
				Session a = sockjs.connect(chat.member(0).token())) {
			Subscription messages = a.subscribe(chat.topic());
			Subscription errors = a.errors();
			a.send(chat.sendDestination(), Map.of("content", ""));
			assertThat(errors.nextJson().get("code").asString()).isEqualTo("VALIDATION");
			a.send(chat.sendDestination(), Map.of("content", "fine"));
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
