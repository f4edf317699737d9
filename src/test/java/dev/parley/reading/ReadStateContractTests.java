package dev.parley.reading;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.parley.support.Api;
import dev.parley.support.ParleyTest;
import dev.parley.support.StompTestClient;
import dev.parley.support.StompTestClient.Session;
import dev.parley.support.StompTestClient.Subscription;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Read state: positions only move forward, are stored before the RECEIPT, reach the
 * reader's other sessions at once and the other members at most once a second; unread
 * counts are messages of others after the position, not edits, reactions or deleted
 * messages.
 */
@ParleyTest
class ReadStateContractTests {

	@LocalServerPort
	int port;

	@Autowired
	ReadBroadcasts broadcasts;

	Api api;

	StompTestClient client;

	String alice;

	String bob;

	UUID conversation;

	@BeforeEach
	void setUp() {
		this.api = new Api(this.port);
		this.client = StompTestClient.nativeWebSocket(this.port);
		this.alice = Api.newUser("alice");
		this.bob = Api.newUser("bob");
		this.conversation = this.api.createConversation(this.alice, this.bob);
	}

	@AfterEach
	void tearDown() {
		this.client.close();
	}

	String app(String action) {
		return "/app/conversation." + this.conversation + "." + action;
	}

	JsonNode listed(String user) {
		Api.Response list = this.api.get("/api/conversations", Api.token(user));
		assertThat(list.status()).isEqualTo(200);
		for (JsonNode conversation : list.json()) {
			if (conversation.get("id").asString().equals(this.conversation.toString())) {
				return conversation;
			}
		}
		throw new AssertionError("not listed: " + list.body());
	}

	static void assertState(JsonNode state, long lastSeq, long readSeq, long unread) {
		assertThat(state.get("lastSeq").asLong()).as(state.toString()).isEqualTo(lastSeq);
		assertThat(state.get("readSeq").asLong()).as(state.toString()).isEqualTo(readSeq);
		assertThat(state.get("unread").asLong()).as(state.toString()).isEqualTo(unread);
	}

	@Test
	void readingMovesForwardOnlyAndTheReadersOtherSessionsAndTheMembersAreTold() {
		try (Session a = this.client.connect(Api.token(this.alice));
				Session phone = this.client.connect(Api.token(this.bob));
				Session laptop = this.client.connect(Api.token(this.bob))) {
			Subscription reads = a.subscribeWithReceipt("/topic/conversation." + this.conversation + ".read");
			reads.receipt().await();
			Subscription laptopState = laptop.subscribeWithReceipt("/user/queue/conversations");
			laptopState.receipt().await();
			Subscription topic = a.subscribeWithReceipt("/topic/conversation." + this.conversation);
			topic.receipt().await();
			for (int i = 1; i <= 3; i++) {
				a.sendWithReceipt(app("send"), Map.of("content", "m" + i)).await();
			}
			String first = topic.nextJson().get("id").asString();
			// not counted as unread: alice's own messages for alice, a reaction, an edit
			phone.sendWithReceipt(app("react"), Map.of("messageId", first, "emoji", "👍", "on", true)).await();
			a.sendWithReceipt(app("edit"), Map.of("messageId", first, "content", "m1!")).await();
			assertState(listed(this.bob), 5, 0, 3);
			assertState(listed(this.alice), 5, 0, 0);

			// three positions at once: the reader's other session hears of each at once;
			// the members hear of the first at once and of the furthest when a second is
			// up, never of the one between
			Session.Receipt one = phone.sendWithReceipt(app("read"), Map.of("seq", 1));
			Session.Receipt two = phone.sendWithReceipt(app("read"), Map.of("seq", 2));
			Session.Receipt three = phone.sendWithReceipt(app("read"), Map.of("seq", 3));
			one.await();
			two.await();
			three.await();
			JsonNode state = laptopState.nextJson();
			assertThat(state.get("type").asString()).isEqualTo("read");
			assertThat(state.get("conversationId").asString()).isEqualTo(this.conversation.toString());
			assertState(state, 5, 1, 2);
			assertState(laptopState.nextJson(), 5, 2, 1);
			assertState(laptopState.nextJson(), 5, 3, 0);
			JsonNode read = reads.nextJson();
			assertThat(read.get("type").asString()).isEqualTo("read");
			assertThat(read.get("conversationId").asString()).isEqualTo(this.conversation.toString());
			assertThat(read.get("user").asString()).isEqualTo(this.bob);
			assertThat(read.get("seq").asLong()).isEqualTo(1);
			assertThat(reads.nextJson().get("seq").asLong()).isEqualTo(3);
			reads.expectNothing();
			assertState(listed(this.bob), 5, 3, 0);

			// a lower position changes nothing, and nobody is told
			phone.sendWithReceipt(app("read"), Map.of("seq", 2)).await();
			assertState(listed(this.bob), 5, 3, 0);
			laptopState.expectNothing();

			// beyond the end: taken as the end
			phone.sendWithReceipt(app("read"), Map.of("seq", 99)).await();
			assertState(laptopState.nextJson(), 5, 5, 0);
			assertThat(reads.nextJson().get("seq").asLong()).isEqualTo(5);
			// and once a second passes with nothing held, the member is forgotten
			await().atMost(Duration.ofSeconds(5)).until(() -> this.broadcasts.throttled() == 0);

			Api.Response positions = this.api.get("/api/conversations/" + this.conversation + "/reads",
					Api.token(this.alice));
			assertThat(positions.status()).isEqualTo(200);
			assertThat(positions.json().toString())
				.isEqualTo("[{\"user\":\"" + this.alice + "\",\"seq\":0},{\"user\":\"" + this.bob + "\",\"seq\":5}]");

			// a new message of alice's is unread for bob; deleted, it no longer is
			a.sendWithReceipt(app("send"), Map.of("content", "oops")).await();
			assertState(listed(this.bob), 6, 5, 1);
			String oops = this.api
				.get("/api/conversations/" + this.conversation + "/messages?after=5", Api.token(this.bob))
				.json()
				.get(0)
				.get("id")
				.asString();
			a.sendWithReceipt(app("delete"), Map.of("messageId", oops)).await();
			assertState(listed(this.bob), 7, 5, 0);
		}
	}

	@Test
	void badPositionsAndNonMembersAreRefused() {
		String mallory = Api.newUser("mallory");
		try (Session b = this.client.connect(Api.token(this.bob));
				Session m = this.client.connect(Api.token(mallory))) {
			Subscription errors = b.errors();
			for (Object body : new Object[] { Map.of("seq", -1), Map.of(), Map.of("seq", "x") }) {
				Session.Receipt receipt = b.sendWithReceipt(app("read"), body);
				JsonNode error = errors.nextJson();
				assertThat(error.get("code").asString()).as(body.toString()).isIn("VALIDATION", "BAD_REQUEST");
				assertThat(error.get("receiptId").asString()).isEqualTo(receipt.id());
			}
			b.sendWithReceipt(app("read"), Map.of("seq", 0)).await();
			assertThat(this.api.get("/api/conversations/" + this.conversation + "/reads", Api.token(mallory)).status())
				.isEqualTo(403);
			assertThat(this.api.get("/api/conversations/" + UUID.randomUUID() + "/reads", Api.token(mallory)).status())
				.isEqualTo(404);
			Subscription malloryErrors = m.errors();
			m.sendWithReceipt(app("read"), Map.of("seq", 1));
			assertThat(malloryErrors.nextJson().get("code").asString()).isEqualTo("FORBIDDEN");
		}
	}

}
