package dev.parley.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.parley.support.Api;
import dev.parley.support.Chat;
import dev.parley.support.ParleyTest;
import dev.parley.support.StompTestClient;
import dev.parley.support.StompTestClient.Session;
import dev.parley.support.StompTestClient.Subscription;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stored before broadcast, gapless seq, idempotent sends, RECEIPT after commit and
 * history, on the embedded H2.
 */
@ParleyTest
class DeliveryGuaranteeTests {

	@LocalServerPort
	int port;

	static List<Long> seqs(JsonNode history) {
		return history.valueStream().map(m -> m.get("seq").asLong()).toList();
	}

	@Test
	void everyMessageCarriesTheNextSeqAndIsInHistoryOnceItsReceiptArrives() {
		Api api = new Api(this.port);
		Chat chat = Chat.create(api, "alice");
		String token = chat.member(0).token();
		try (StompTestClient client = StompTestClient.nativeWebSocket(this.port);
				Session session = client.connect(token)) {
			Subscription messages = session.subscribe(chat.topic());
			Subscription errors = session.errors();
			for (int i = 1; i <= 3; i++) {
				session.sendWithReceipt(chat.sendDestination(), Map.of("content", "m" + i)).await();
				// the RECEIPT means it is stored: history has it already
				JsonNode history = api.get(chat.messagesPath() + "?after=" + (i - 1), token).json();
				assertThat(history).hasSize(1);
				assertThat(history.get(0).get("content").asString()).isEqualTo("m" + i);
				JsonNode live = messages.nextJson();
				assertThat(live.get("seq").asLong()).isEqualTo(i);
				assertThat(live).isEqualTo(history.get(0));
			}
			// a refused message takes no seq
			session.send(chat.sendDestination(), Map.of("content", ""));
			assertThat(errors.nextJson().get("code").asString()).isEqualTo("VALIDATION");
			Api.Response posted = api.postJson(chat.messagesPath(), token, Map.of("content", "over http"));
			assertThat(posted.json().get("seq").asLong()).isEqualTo(4);
			assertThat(messages.nextJson().get("seq").asLong()).isEqualTo(4);
		}
	}

	@Test
	void aRepeatedClientMessageIdIsStoredAndBroadcastOnceButReceiptedEveryTime() {
		String alice = Api.newUser("alice");
		Api api = new Api(this.port);
		UUID conversation = api.createConversation(alice);
		try (StompTestClient client = StompTestClient.nativeWebSocket(this.port);
				Session session = client.connect(Api.token(alice))) {
			Subscription messages = session.subscribe("/topic/conversation." + conversation);
			String send = "/app/conversation." + conversation + ".send";
			session.sendWithReceipt(send, Map.of("content", "once", "clientMessageId", "c-1")).await();
			session.sendWithReceipt(send, Map.of("content", "once", "clientMessageId", "c-1")).await();
			assertThat(messages.nextJson().get("clientMessageId").asString()).isEqualTo("c-1");
			messages.expectNothing();

			Api.Response first = api.postJson("/api/conversations/" + conversation + "/messages", Api.token(alice),
					Map.of("content", "via http", "clientMessageId", "h-1"));
			Api.Response again = api.postJson("/api/conversations/" + conversation + "/messages", Api.token(alice),
					Map.of("content", "via http", "clientMessageId", "h-1"));
			assertThat(again.json().get("id")).isEqualTo(first.json().get("id"));
			assertThat(again.json().get("seq").asLong()).isEqualTo(2);
			messages.nextJson();
			messages.expectNothing();

			// another sender may use the same clientMessageId
			String bobby = Api.newUser("bobby");
			UUID shared = api.createConversation(alice, bobby);
			api.postJson("/api/conversations/" + shared + "/messages", Api.token(alice),
					Map.of("content", "a", "clientMessageId", "same"));
			api.postJson("/api/conversations/" + shared + "/messages", Api.token(bobby),
					Map.of("content", "b", "clientMessageId", "same"));
			assertThat(api.get("/api/conversations/" + shared + "/messages", Api.token(alice)).json()).hasSize(2);

			JsonNode history = api.get("/api/conversations/" + conversation + "/messages", Api.token(alice)).json();
			assertThat(seqs(history)).containsExactly(1L, 2L);
		}
	}

	@Test
	void concurrentWritersGetUniqueGaplessSeqs() throws Exception {
		Api api = new Api(this.port);
		List<String> users = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			users.add(Api.newUser("writer"));
		}
		UUID conversation = api.createConversation(users.get(0), users.subList(1, users.size()).toArray(String[]::new));
		ExecutorService pool = Executors.newFixedThreadPool(10);
		try {
			List<Future<Integer>> results = new ArrayList<>();
			for (String user : users) {
				results.add(pool.submit(() -> {
					int ok = 0;
					for (int i = 0; i < 8; i++) {
						ok += api
							.postJson("/api/conversations/" + conversation + "/messages", Api.token(user),
									Map.of("content", user + "-" + i))
							.status() == 201 ? 1 : 0;
					}
					return ok;
				}));
			}
			int stored = 0;
			for (Future<Integer> result : results) {
				stored += result.get();
			}
			assertThat(stored).isEqualTo(80);
		}
		finally {
			pool.shutdown();
		}
		JsonNode history = api
			.get("/api/conversations/" + conversation + "/messages?after=0&limit=500", Api.token(users.get(0)))
			.json();
		assertThat(seqs(history)).containsExactlyElementsOf(LongStream.rangeClosed(1, 80).boxed().toList());
	}

	@Test
	void historyPagesForwardAndBackAndIsForMembersOnly() {
		String alice = Api.newUser("alice");
		Api api = new Api(this.port);
		UUID conversation = api.createConversation(alice);
		for (int i = 1; i <= 7; i++) {
			api.postJson("/api/conversations/" + conversation + "/messages", Api.token(alice),
					Map.of("content", "m" + i));
		}
		String base = "/api/conversations/" + conversation + "/messages";
		assertThat(seqs(api.get(base + "?after=2&limit=3", Api.token(alice)).json())).containsExactly(3L, 4L, 5L);
		assertThat(seqs(api.get(base + "?before=6&limit=2", Api.token(alice)).json())).containsExactly(4L, 5L);
		assertThat(seqs(api.get(base + "?limit=2", Api.token(alice)).json())).containsExactly(6L, 7L);
		assertThat(seqs(api.get(base + "?after=7", Api.token(alice)).json())).isEmpty();
		JsonNode first = api.get(base + "?after=0&limit=1", Api.token(alice)).json().get(0);
		for (String field : List.of("seq", "id", "sender", "content", "sentAt", "clientMessageId")) {
			assertThat(first.has(field)).as(field).isTrue();
		}
		assertThat(api.get(base, Api.token(Api.newUser("mallory"))).status()).isEqualTo(403);
		assertThat(api.get(base + "?limit=501", Api.token(alice)).status()).isEqualTo(400);
		assertThat(api.get(base + "?limit=0", Api.token(alice)).status()).isEqualTo(400);
		assertThat(api.get(base + "?after=1&before=3", Api.token(alice)).status()).isEqualTo(400);
		assertThat(api.get("/api/conversations/" + UUID.randomUUID() + "/messages", Api.token(alice)).status())
			.isEqualTo(404);
	}

}
