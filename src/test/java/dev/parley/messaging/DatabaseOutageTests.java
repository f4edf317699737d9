package dev.parley.messaging;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.parley.support.Api;
import dev.parley.support.Chat;
import dev.parley.support.ClusterTest;
import dev.parley.support.ParleyNode;
import dev.parley.support.PostgresServer;
import dev.parley.support.StompTestClient;
import dev.parley.support.StompTestClient.Session;
import dev.parley.support.StompTestClient.Subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL goes away for a while: sends get UNAVAILABLE and no RECEIPT, nothing is
 * half-written, and once it is back a retried send (same clientMessageId) is stored
 * exactly once.
 */
@ClusterTest
class DatabaseOutageTests {

	@Test
	void sendsFailClearlyWhileTheDatabaseIsDownAndRetriesSucceedAfterwards() throws Exception {
		try (PostgresServer postgres = PostgresServer.start();
				ParleyNode node = ParleyNode.onPostgres(postgres);
				StompTestClient client = StompTestClient.nativeWebSocket(node.port())) {
			Chat chat = Chat.create(node.api(), "alice");
			String send = chat.sendDestination();
			try (Session session = client.connect(chat.member(0).token())) {
				Subscription messages = session.subscribe(chat.topic());
				Subscription errors = session.errors();
				session.sendWithReceipt(send, Map.of("content", "before", "clientMessageId", "c-1")).await();
				messages.nextJson();

				postgres.stopServer();

				Session.Receipt refused = session.sendWithReceipt(send,
						Map.of("content", "during", "clientMessageId", "c-2"));
				JsonNode error = errors.nextJson();
				assertThat(error.get("code").asString()).isEqualTo("UNAVAILABLE");
				assertThat(error.get("receiptId").asString()).isEqualTo(refused.id());
				refused.expectNone();
				Api.Response http = node.api()
					.postJson(chat.messagesPath(), chat.member(0).token(),
							Map.of("content", "during", "clientMessageId", "h-2"));
				assertThat(http.status()).isEqualTo(503);
				assertThat(http.json().get("code").asString()).isEqualTo("UNAVAILABLE");
				messages.expectNothing();

				postgres.startServer();

				await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
					Session.Receipt retry = session.sendWithReceipt(send,
							Map.of("content", "during", "clientMessageId", "c-2"));
					try {
						retry.await();
						return true;
					}
					catch (RuntimeException stillDown) {
						return false;
					}
				});
				assertThat(messages.nextJsonWhere(m -> m.get("clientMessageId").asString().equals("c-2"))
					.get("seq")
					.asLong()).isEqualTo(2);
			}
			JsonNode history = node.api().get(chat.messagesPath() + "?after=0", chat.member(0).token()).json();
			assertThat(history.valueStream().map(m -> m.get("clientMessageId").asString()).toList())
				.containsExactly("c-1", "c-2");
		}
	}

	/**
	 * A SUBSCRIBE whose membership check cannot reach the database is answered
	 * (UNAVAILABLE, naming its receipt) — Spring's ordered receiving would otherwise
	 * swallow the failure, and the client would wait for a RECEIPT that never comes — and
	 * the same session subscribes fine once the database is back.
	 */
	@Test
	void aSubscribeTheDatabaseCannotCheckIsAnsweredAndCanBeRetried() throws Exception {
		try (PostgresServer postgres = PostgresServer.start();
				ParleyNode node = ParleyNode.onPostgres(postgres);
				StompTestClient client = StompTestClient.nativeWebSocket(node.port())) {
			// its members are not looked up (cached) yet
			Chat chat = Chat.create(node.api(), "alice");
			String topic = chat.topic();
			try (Session session = client.connect(chat.member(0).token())) {
				Subscription errors = session.errors();

				postgres.stopServer();

				Subscription refused = session.subscribeWithReceipt(topic);
				JsonNode error = errors.nextJson();
				assertThat(error.get("code").asString()).isEqualTo("UNAVAILABLE");
				assertThat(error.get("receiptId").asString()).isEqualTo(refused.receipt().id());
				refused.receipt().expectNone();

				postgres.startServer();

				Subscription messages = await().atMost(Duration.ofSeconds(60))
					.pollInterval(Duration.ofMillis(500))
					.until(() -> {
						Subscription retry = session.subscribeWithReceipt(topic);
						// a refusal of this retry, if the database is not up yet
						errors.poll(Duration.ofMillis(200));
						return awaitReceipt(retry) ? retry : null;
					}, java.util.Objects::nonNull);
				session.sendWithReceipt(chat.sendDestination(), Map.of("content", "after", "clientMessageId", "c-1"))
					.await();
				assertThat(messages.nextJson().get("content").asString()).isEqualTo("after");
			}
		}
	}

	private static boolean awaitReceipt(Subscription subscription) {
		try {
			subscription.receipt().await();
			return true;
		}
		catch (RuntimeException notYet) {
			return false;
		}
	}

}
