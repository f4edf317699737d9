package dev.parley.documents;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
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

/**
 * The documents contract over HTTP and STOMP against a running node (test settings:
 * documents of at most 1,000 characters, ops of at most 500, five documents per
 * conversation, 20 ops per second, a hash every 5 versions, cursors every 300 ms).
 */
@ParleyTest
class DocumentContractTests {

	@LocalServerPort
	int port;

	@Autowired
	DocumentPruner pruner;

	Api api;

	StompTestClient client;

	String alice;

	String bob;

	String mallory;

	UUID conversation;

	@BeforeEach
	void setUp() {
		this.api = new Api(this.port);
		this.client = StompTestClient.nativeWebSocket(this.port);
		this.alice = Api.newUser("alice");
		this.bob = Api.newUser("bob");
		this.mallory = Api.newUser("mallory");
		this.conversation = this.api.createConversation(this.alice, this.bob);
	}

	@AfterEach
	void tearDown() {
		this.client.close();
	}

	String documents() {
		return "/api/conversations/" + this.conversation + "/documents";
	}

	UUID create(String user, String title) {
		Api.Response created = this.api.postJson(documents(), Api.token(user), Map.of("title", title));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return UUID.fromString(created.json().get("id").asString());
	}

	String op(UUID document) {
		return "/app/conversation." + this.conversation + ".doc." + document + ".op";
	}

	String topic(UUID document) {
		return "/topic/conversation." + this.conversation + ".doc." + document;
	}

	JsonNode snapshot(UUID document) {
		Api.Response got = this.api.get(documents() + "/" + document, Api.token(this.alice));
		assertThat(got.status()).as(got.body()).isEqualTo(200);
		return got.json();
	}

	static Map<String, Object> command(long version, List<Object> op, String clientOpId) {
		return Map.of("version", version, "op", op, "clientOpId", clientOpId);
	}

	@Test
	void membersCreateListAndReadDocumentsOverHttp() {
		Session bobsPage = this.client.connect(Api.token(this.bob));
		Subscription announced = bobsPage.subscribe("/user/queue/conversations");
		Api.Response created = this.api.postJson(documents(), Api.token(this.alice), Map.of("title", "  Notes  "));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		JsonNode document = created.json();
		assertThat(document.get("conversationId").asString()).isEqualTo(this.conversation.toString());
		assertThat(document.get("title").asString()).isEqualTo("Notes");
		assertThat(document.get("version").asLong()).isZero();
		assertThat(Instant.parse(document.get("createdAt").asString())).isNotNull();
		String id = document.get("id").asString();
		// the other members' open pages learn of it at once
		JsonNode event = announced.nextJson();
		assertThat(event.get("type").asString()).isEqualTo("document");
		assertThat(event.get("id").asString()).isEqualTo(id);
		assertThat(event.get("conversationId").asString()).isEqualTo(this.conversation.toString());
		bobsPage.close();

		Api.Response list = this.api.get(documents(), Api.token(this.bob));
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.json()).hasSize(1);
		assertThat(list.json().get(0).get("id").asString()).isEqualTo(id);

		JsonNode snapshot = snapshot(UUID.fromString(id));
		assertThat(snapshot.get("id").asString()).isEqualTo(id);
		assertThat(snapshot.get("title").asString()).isEqualTo("Notes");
		assertThat(snapshot.get("version").asLong()).isZero();
		assertThat(snapshot.get("text").asString()).isEmpty();
		Api.Response ops = this.api.get(documents() + "/" + id + "/ops?after=0", Api.token(this.bob));
		assertThat(ops.status()).isEqualTo(200);
		assertThat(ops.json()).isEmpty();
	}

	@Test
	void nonMembersAndUnknownDocumentsAreRefusedAndServicesMayReadAndEdit() {
		UUID id = create(this.alice, "Plan");
		String mallory = Api.token(this.mallory);
		assertThat(this.api.get(documents(), mallory).status()).isEqualTo(403);
		assertThat(this.api.get(documents() + "/" + id, mallory).status()).isEqualTo(403);
		assertThat(this.api.get(documents() + "/" + id + "/ops?after=0", mallory).status()).isEqualTo(403);
		assertThat(this.api.postJson(documents(), mallory, Map.of("title", "x")).status()).isEqualTo(403);
		assertThat(this.api.postJson(documents() + "/" + id + "/ops", mallory, command(0, List.of("x"), "m1")).status())
			.isEqualTo(403);
		assertThat(this.api.get(documents() + "/" + UUID.randomUUID(), Api.token(this.alice)).status()).isEqualTo(404);
		assertThat(
				this.api.get("/api/conversations/" + UUID.randomUUID() + "/documents", Api.token(this.alice)).status())
			.isEqualTo(404);
		assertThat(this.api.get(documents(), null).status()).isEqualTo(401);

		String bot = Api.token("notes-bot", "SERVICE");
		assertThat(this.api.get(documents() + "/" + id, bot).status()).isEqualTo(200);
		Api.Response edited = this.api.postJson(documents() + "/" + id + "/ops", bot,
				command(0, List.of("Agenda\n"), "bot-1"));
		assertThat(edited.status()).as(edited.body()).isEqualTo(200);
		assertThat(edited.json().get("version").asLong()).isEqualTo(1);
		assertThat(edited.json().get("repeated").asBoolean()).isFalse();
		assertThat(snapshot(id).get("text").asString()).isEqualTo("Agenda\n");
		assertThat(this.api.postJson(documents(), bot, Map.of("title", "Minutes")).status()).isEqualTo(201);
	}

	@Test
	void titlesAndTheNumberOfDocumentsAreLimited() {
		String token = Api.token(this.alice);
		assertThat(this.api.postJson(documents(), token, Map.of("title", " ")).json().get("code").asString())
			.isEqualTo("VALIDATION");
		assertThat(this.api.postJson(documents(), token, Map.of("title", "t".repeat(201))).status()).isEqualTo(400);
		for (int i = 0; i < 5; i++) {
			create(this.alice, "Doc " + i);
		}
		Api.Response refused = this.api.postJson(documents(), token, Map.of("title", "One too many"));
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().get("detail").asString()).contains("5 documents");
	}

	@Test
	void anOpIsTransformedStoredBroadcastAndConfirmedWithItsVersion() {
		UUID id = create(this.alice, "Notes");
		try (Session a = this.client.connect(Api.token(this.alice));
				Session b = this.client.connect(Api.token(this.bob))) {
			Subscription atBob = b.subscribe(topic(id));
			Subscription atAlice = a.subscribe(topic(id));

			assertThat(a.sendWithReceipt(op(id), command(0, List.of("hello"), "a1")).headers().getFirst("version"))
				.isEqualTo("1");
			JsonNode first = atBob.nextJson();
			assertThat(first.get("type").asString()).isEqualTo("doc-op");
			assertThat(first.get("documentId").asString()).isEqualTo(id.toString());
			assertThat(first.get("version").asLong()).isEqualTo(1);
			assertThat(first.get("op").toString()).isEqualTo("[\"hello\"]");
			assertThat(first.get("author").asString()).isEqualTo(this.alice);
			assertThat(first.get("clientOpId").asString()).isEqualTo("a1");
			assertThat(atAlice.nextJson().get("version").asLong()).isEqualTo(1);

			// alice prefixes a word; bob, still on version 1, appends: the server moves
			// his
			// insert past her prefix
			a.sendWithReceipt(op(id), command(1, List.of("Say: "), "a2")).await();
			assertThat(atBob.nextJson().get("version").asLong()).isEqualTo(2);
			assertThat(b.sendWithReceipt(op(id), command(1, List.of(5, " world"), "b1")).headers().getFirst("version"))
				.isEqualTo("3");
			atAlice.nextJson();
			JsonNode third = atAlice.nextJson();
			assertThat(third.get("op").toString()).isEqualTo("[10,\" world\"]");
			assertThat(third.get("author").asString()).isEqualTo(this.bob);
			assertThat(snapshot(id).get("text").asString()).isEqualTo("Say: hello world");

			// a resend is answered with what was stored, and neither applied nor
			// broadcast
			// again
			assertThat(a.sendWithReceipt(op(id), command(0, List.of("hello"), "a1")).headers().getFirst("version"))
				.isEqualTo("1");
			atBob.nextJson();
			atBob.expectNothing();
			assertThat(snapshot(id).get("version").asLong()).isEqualTo(3);

			Api.Response ops = this.api.get(documents() + "/" + id + "/ops?after=0", Api.token(this.bob));
			assertThat(ops.json()).hasSize(3);
			assertThat(ops.json().get(2).get("op").toString()).isEqualTo("[10,\" world\"]");
			assertThat(ops.json().get(2).get("clientOpId").asString()).isEqualTo("b1");
		}
	}

	@Test
	void badOpsAreValidationErrorsNamingTheirReceiptAndChangeNothing() {
		UUID id = create(this.alice, "Notes");
		try (Session a = this.client.connect(Api.token(this.alice))) {
			Subscription errors = a.errors();
			a.sendWithReceipt(op(id), command(0, List.of("abc"), "ok-1")).await();
			List<Map<String, Object>> bad = List.of(Map.of("version", 1, "op", "abc"), // not
																						// an
																						// array
					Map.of("version", 1, "op", List.of(0)), // an empty skip
					Map.of("version", 1, "op", List.of(Map.of("x", 1))), // no such
																			// component
					Map.of("version", 1, "op", List.of(2, 3, "x")), // uncombined skips
					Map.of("version", 1, "op", List.of(10, "x")), // past the end
					Map.of("version", 1, "op", List.of(Map.of("d", 9))), // deletes too
																			// much
					Map.of("version", 9, "op", List.of("x")), // a version not yet made
					Map.of("op", List.of("x")), // no version
					Map.of("version", 1, "op", List.of("x".repeat(501))), // too large
					Map.of("version", 1, "op", List.of("x".repeat(499)), "clientOpId", ""), // bad
																							// id
					Map.of("version", 1, "op", List.of(3, "y".repeat(499)))); // fits, but
																				// the
																				// text
																				// would
																				// be too
																				// long
			for (Map<String, Object> command : bad) {
				StompTestClient.Session.Receipt receipt = a.sendWithReceipt(op(id), command);
				JsonNode error = errors.nextJson();
				assertThat(error.get("code").asString()).as(command.toString()).isEqualTo("VALIDATION");
				assertThat(error.get("receiptId").asString()).isEqualTo(receipt.id());
				receipt.expectNone();
			}
			a.sendWithReceipt(op(id), command(1, List.of(3, "y".repeat(400)), "ok-2")).await();
			a.sendRaw(op(id), "{not json".getBytes(), "raw-1");
			assertThat(errors.nextJson().get("code").asString()).isEqualTo("BAD_REQUEST");
			assertThat(snapshot(id).get("version").asLong()).isEqualTo(2);
			assertThat(snapshot(id).get("text").asString()).isEqualTo("abc" + "y".repeat(400));
		}
	}

	@Test
	void documentDestinationsAreForMembersOnly() {
		UUID id = create(this.alice, "Notes");
		try (Session m = this.client.connect(Api.token(this.mallory))) {
			Subscription errors = m.errors();
			m.subscribeAsync(topic(id));
			assertThat(errors.nextJson().get("code").asString()).isEqualTo("FORBIDDEN");
			m.subscribeAsync(topic(id) + ".cursors");
			assertThat(errors.nextJson().get("code").asString()).isEqualTo("FORBIDDEN");
			m.send(op(id), command(0, List.of("x"), "m1"));
			assertThat(errors.nextJson().get("code").asString()).isEqualTo("FORBIDDEN");
			m.send(topic(id), command(0, List.of("x"), "m2"));
			assertThat(errors.nextJson().get("code").asString()).isEqualTo("FORBIDDEN");
			m.subscribeAsync("/topic/conversation." + this.conversation + ".doc.not-a-uuid");
			assertThat(errors.nextJson().get("code").asString()).isEqualTo("NOT_FOUND");
			m.subscribeAsync(topic(id) + ".op");
			assertThat(errors.nextJson().get("code").asString()).isEqualTo("NOT_FOUND");
		}
		assertThat(snapshot(id).get("version").asLong()).isZero();
		try (Session a = this.client.connect(Api.token(this.alice))) {
			Subscription errors = a.errors();
			// a member, but the document is another conversation's
			a.sendWithReceipt("/app/conversation." + this.conversation + ".doc." + UUID.randomUUID() + ".op",
					command(0, List.of("x"), "a1"));
			assertThat(errors.nextJson().get("code").asString()).isEqualTo("NOT_FOUND");
		}
	}

	@Test
	void opsAreRateLimitedPerUser() {
		UUID id = create(this.alice, "Notes");
		try (Session a = this.client.connect(Api.token(this.alice))) {
			Subscription errors = a.errors();
			// four times the allowance at once: only a node four times slower than usual
			// would process them slowly enough for the allowance to refill
			for (int i = 0; i < 80; i++) {
				a.send(op(id), command(0, List.of("x"), "burst-" + i));
			}
			JsonNode error = errors.nextJson();
			assertThat(error.get("code").asString()).isEqualTo("RATE_LIMITED");
			assertThat(error.get("message").asString()).contains("20 per second");
		}
	}

	@Test
	void everyFewVersionsABroadcastCarriesTheHashOfTheText() {
		UUID id = create(this.alice, "Notes");
		try (Session a = this.client.connect(Api.token(this.alice))) {
			Subscription ops = a.subscribe(topic(id));
			for (int version = 0; version < 5; version++) {
				a.sendWithReceipt(op(id), command(version, List.of("ab\uD83D\uDE00"), "h" + version)).await();
			}
			for (int version = 1; version <= 4; version++) {
				assertThat(ops.nextJson().has("hash")).isFalse();
			}
			JsonNode fifth = ops.nextJson();
			assertThat(fifth.get("version").asLong()).isEqualTo(5);
			assertThat(fifth.get("hash").asString()).isEqualTo(TextHash.of(snapshot(id).get("text").asString()))
				.isEqualTo(TextHash.of("ab\uD83D\uDE00".repeat(5)));
		}
	}

	@Test
	void whenOldOpsArePrunedCatchingUpFromBeforeThemIsGoneWithTheDocument() {
		UUID id = create(this.alice, "Notes");
		try (Session a = this.client.connect(Api.token(this.alice))) {
			Subscription errors = a.errors();
			a.sendWithReceipt(op(id), command(0, List.of("one "), "p1")).await();
			a.sendWithReceipt(op(id), command(1, List.of(4, "two"), "p2")).await();
			assertThat(this.pruner.prune(Instant.now().plus(Duration.ofDays(8)))).isGreaterThanOrEqualTo(2);

			Api.Response gone = this.api.get(documents() + "/" + id + "/ops?after=1", Api.token(this.bob));
			assertThat(gone.status()).isEqualTo(410);
			assertThat(gone.json().get("code").asString()).isEqualTo("GONE");
			assertThat(gone.json().get("document").get("version").asLong()).isEqualTo(2);
			assertThat(gone.json().get("document").get("text").asString()).isEqualTo("one two");
			assertThat(this.api.get(documents() + "/" + id + "/ops?after=2", Api.token(this.bob)).json()).isEmpty();

			StompTestClient.Session.Receipt stale = a.sendWithReceipt(op(id), command(1, List.of("x"), "p3"));
			assertThat(errors.nextJson().get("code").asString()).isEqualTo("GONE");
			stale.expectNone();
			a.sendWithReceipt(op(id), command(2, List.of(7, "!"), "p4")).await();
			assertThat(snapshot(id).get("text").asString()).isEqualTo("one two!");
		}
	}

	@Test
	void cursorsAreThrottledToTheLatestPositionAndRemovedWhenTheirSessionEnds() {
		UUID id = create(this.alice, "Notes");
		String cursor = "/app/conversation." + this.conversation + ".doc." + id + ".cursor";
		try (Session b = this.client.connect(Api.token(this.bob))) {
			Subscription cursors = b.subscribe(topic(id) + ".cursors");
			Session a = this.client.connect(Api.token(this.alice));
			// three moves at once (no waiting for receipts between them, so all within
			// the
			// throttle)
			a.send(cursor, Map.of("version", 0, "anchor", 0, "head", 0));
			a.send(cursor, Map.of("version", 0, "anchor", 1, "head", 1));
			a.sendWithReceipt(cursor, Map.of("version", 0, "anchor", 2, "head", 5)).await();
			JsonNode first = cursors.nextJson();
			assertThat(first.get("type").asString()).isEqualTo("doc-cursor");
			assertThat(first.get("user").asString()).isEqualTo(this.alice);
			assertThat(first.get("head").asInt()).isZero();
			// the moves within the throttle are one broadcast, of where the cursor
			// stopped
			JsonNode last = cursors.nextJson();
			assertThat(last.get("anchor").asInt()).isEqualTo(2);
			assertThat(last.get("head").asInt()).isEqualTo(5);
			cursors.expectNothing();

			Subscription errors = a.errors();
			a.send(cursor, Map.of("version", 0, "anchor", 1));
			assertThat(errors.nextJson().get("code").asString()).isEqualTo("VALIDATION");
			// no cursor is kept for a document that is not the conversation's
			a.send("/app/conversation." + this.conversation + ".doc." + UUID.randomUUID() + ".cursor",
					Map.of("version", 0, "anchor", 0, "head", 0));
			assertThat(errors.nextJson().get("code").asString()).isEqualTo("NOT_FOUND");
			a.close();
			JsonNode left = cursors.nextJson();
			assertThat(left.get("user").asString()).isEqualTo(this.alice);
			assertThat(left.get("anchor").isNull()).isTrue();
			assertThat(left.get("head").isNull()).isTrue();
		}
	}

}
