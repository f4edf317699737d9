package dev.parley.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import dev.parley.presence.PresenceFigures;
import dev.parley.stomp.Destinations;
import dev.parley.support.Api;
import dev.parley.support.ClusterTest;
import dev.parley.support.ParleyNode;
import dev.parley.support.ParleyProcess;
import dev.parley.support.PostgresServer;
import dev.parley.support.RabbitMqNode;
import dev.parley.support.StompTestClient;
import dev.parley.support.StompTestClient.Session;
import dev.parley.support.StompTestClient.Subscription;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.messaging.simp.SimpMessageSendingOperations;
import org.springframework.messaging.simp.user.MultiServerUserRegistry;
import org.springframework.messaging.simp.user.SimpUserRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a cluster promises, whatever its mode: two Parley nodes on one real RabbitMQ and
 * one real PostgreSQL act as one server. Each mode's class starts the cluster
 * ({@link RelayClusterTests}, {@link BridgeModeClusterTests}); the classes run one after
 * the other, each with its own servers.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ClusterTest
abstract class ClusterContractTests {

	static RabbitMqNode rabbit;

	static PostgresServer postgres;

	static ParleyNode a;

	static ParleyNode b;

	/** A third node of the same mode, in a process of its own (to be killed). */
	abstract ParleyProcess startProcessNode() throws Exception;

	@AfterAll
	static void stopCluster() throws Exception {
		for (AutoCloseable closeable : new AutoCloseable[] { a, b, rabbit, postgres }) {
			if (closeable != null) {
				closeable.close();
			}
		}
	}

	@Test
	@Order(1)
	void messagesAndTypingCrossNodesBothWays() {
		String alice = Api.newUser("alice");
		String bob = Api.newUser("bob");
		UUID conversation = a.api().createConversation(alice, bob);
		try (StompTestClient onA = StompTestClient.nativeWebSocket(a.port());
				StompTestClient onB = StompTestClient.nativeWebSocket(b.port());
				Session aliceSession = onA.connect(Api.token(alice));
				Session bobSession = onB.connect(Api.token(bob))) {
			Subscription atAlice = aliceSession.subscribe("/topic/conversation." + conversation);
			Subscription atBob = bobSession.subscribe("/topic/conversation." + conversation);
			Subscription typingAtBob = bobSession.subscribe("/topic/conversation." + conversation + ".typing");

			aliceSession.sendWithReceipt("/app/conversation." + conversation + ".send", Map.of("content", "A to B"))
				.await();
			JsonNode atB = atBob.nextJson();
			assertThat(atB.get("content").asString()).isEqualTo("A to B");
			assertThat(atB.get("sender").asString()).isEqualTo(alice);

			bobSession.send("/app/conversation." + conversation + ".send", Map.of("content", "B to A"));
			assertThat(
					atAlice.nextJsonWhere(m -> m.get("content").asString().equals("B to A")).get("sender").asString())
				.isEqualTo(bob);

			aliceSession.send("/app/conversation." + conversation + ".typing", Map.of("typing", true));
			JsonNode typing = typingAtBob.nextJson();
			assertThat(typing.get("user").asString()).isEqualTo(alice);
			assertThat(typing.get("typing").asBoolean()).isTrue();
		}
	}

	@Test
	@Order(2)
	void rabbitMqWildcardsCannotBeUsedToListenIn() {
		String alice = Api.newUser("alice");
		String mallory = Api.newUser("mallory");
		UUID conversation = a.api().createConversation(alice);
		try (StompTestClient onA = StompTestClient.nativeWebSocket(a.port());
				StompTestClient onB = StompTestClient.nativeWebSocket(b.port());
				Session aliceSession = onA.connect(Api.token(alice));
				Session spy = onB.connect(Api.token(mallory))) {
			Subscription errors = spy.errors();
			List<Subscription> taps = new ArrayList<>();
			for (String pattern : List.of("/topic/conversation.*", "/topic/conversation.#", "/topic/#",
					"/topic/*.typing", "/exchange/amq.topic/conversation.#", "/exchange/amq.direct/#",
					"/queue/parley.inbound.messages", "/amq/queue/parley.inbound.dead")) {
				taps.add(spy.subscribeAsync(pattern));
				assertThat(errors.nextJson().get("code").asString()).as(pattern).isIn("FORBIDDEN", "NOT_FOUND");
			}
			aliceSession.sendWithReceipt("/app/conversation." + conversation + ".send", Map.of("content", "private"))
				.await();
			aliceSession.sendWithReceipt("/app/conversation." + conversation + ".typing", Map.of("typing", true))
				.await();
			for (Subscription tap : taps) {
				tap.expectNothing();
			}
			assertThat(spy.isConnected()).isTrue();
		}
	}

	@Test
	@Order(2)
	void conversationsAreSharedThroughPostgres() {
		String alice = Api.newUser("alice");
		UUID conversation = a.api().createConversation(alice);
		Api.Response onB = b.api().get("/api/conversations", Api.token(alice));
		assertThat(onB.json().get(0).get("id").asString()).isEqualTo(conversation.toString());
	}

	@Test
	@Order(3)
	void userDestinationsReachASessionOnAnotherNode() {
		String bob = Api.newUser("bob");
		try (StompTestClient onB = StompTestClient.nativeWebSocket(b.port());
				Session bobSession = onB.connect(Api.token(bob))) {
			Subscription notifications = bobSession.subscribe("/user/queue/notifications");
			a.bean(SimpMessageSendingOperations.class)
				.convertAndSendToUser(bob, "/queue/notifications", Map.of("text", "from node A"));
			JsonNode notification = notifications.nextJson();
			assertThat(notification.get("text").asString()).isEqualTo("from node A");

			Api.Response accepted = a.api()
				.postJson("/api/users/" + bob + "/notifications", Api.token("billing", "SERVICE"),
						Map.of("kind", "invoice", "amount", 42));
			assertThat(accepted.status()).isEqualTo(202);
			JsonNode fromService = notifications.nextJson();
			assertThat(fromService.get("kind").asString()).isEqualTo("invoice");
			assertThat(fromService.get("amount").asInt()).isEqualTo(42);
			assertThat(a.api()
				.postJson("/api/users/" + bob + "/notifications", Api.token("mallory"), Map.of("kind", "phish"))
				.status()).isEqualTo(403);
			notifications.expectNothing();

			Subscription errors = bobSession.errors();
			bobSession.send("/app/conversation." + UUID.randomUUID() + ".send", Map.of("content", "x"));
			assertThat(errors.nextJson().get("code").asString()).isEqualTo("NOT_FOUND");
		}
	}

	@Test
	@Order(3)
	void writersOnBothNodesGetUniqueGaplessSeqsFromPostgres() throws Exception {
		List<String> users = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			users.add(Api.newUser("writer"));
		}
		UUID conversation = a.api()
			.createConversation(users.get(0), users.subList(1, users.size()).toArray(String[]::new));
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(10);
		try {
			List<java.util.concurrent.Future<?>> done = new ArrayList<>();
			for (int u = 0; u < users.size(); u++) {
				String user = users.get(u);
				Api api = (u % 2 == 0) ? a.api() : b.api();
				done.add(pool.submit(() -> {
					for (int i = 0; i < 8; i++) {
						assertThat(api
							.postJson("/api/conversations/" + conversation + "/messages", Api.token(user),
									Map.of("content", user + "-" + i, "clientMessageId", user + "-" + i))
							.status()).isEqualTo(201);
					}
					return null;
				}));
			}
			for (java.util.concurrent.Future<?> future : done) {
				future.get();
			}
		}
		finally {
			pool.shutdown();
		}
		JsonNode history = b.api()
			.get("/api/conversations/" + conversation + "/messages?after=0&limit=500", Api.token(users.get(0)))
			.json();
		assertThat(history.valueStream().map(m -> m.get("seq").asLong()).toList())
			.containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 80).boxed().toList());
	}

	@Test
	@Order(3)
	void editsDeletesReactionsRepliesAndReadPositionsCrossNodes() {
		String alice = Api.newUser("alice");
		String bob = Api.newUser("bob");
		UUID conversation = a.api().createConversation(alice, bob);
		String app = "/app/conversation." + conversation + ".";
		String topic = "/topic/conversation." + conversation;
		try (StompTestClient onA = StompTestClient.nativeWebSocket(a.port());
				StompTestClient onB = StompTestClient.nativeWebSocket(b.port());
				Session aliceSession = onA.connect(Api.token(alice));
				Session bobSession = onB.connect(Api.token(bob));
				Session bobsOtherDevice = onA.connect(Api.token(bob))) {
			Subscription atAlice = aliceSession.subscribe(topic);
			Subscription readsAtAlice = aliceSession.subscribe(topic + ".read");
			Subscription atBob = bobSession.subscribe(topic);
			Subscription bobsState = bobsOtherDevice.subscribe("/user/queue/conversations");

			aliceSession.sendWithReceipt(app + "send", Map.of("content", "on a")).await();
			String id = atBob.nextJson().get("id").asString();
			atAlice.nextJson();
			bobSession.sendWithReceipt(app + "react", Map.of("messageId", id, "emoji", "👍", "on", true)).await();
			JsonNode reaction = atAlice.nextJson();
			assertThat(reaction.get("type").asString()).isEqualTo("reaction");
			assertThat(reaction.get("count").asInt()).isEqualTo(1);
			aliceSession.sendWithReceipt(app + "edit", Map.of("messageId", id, "content", "on a, edited")).await();
			atBob.nextJson();
			JsonNode edited = atBob.nextJson();
			assertThat(edited.get("type").asString()).isEqualTo("message-edited");
			assertThat(edited.get("content").asString()).isEqualTo("on a, edited");
			bobSession.sendWithReceipt(app + "send", Map.of("content", "from b", "replyTo", id)).await();
			JsonNode reply = atAlice.nextJsonWhere(entry -> entry.get("seq").asLong() == 4);
			assertThat(reply.get("quote").get("content").asString()).isEqualTo("on a, edited");
			aliceSession.sendWithReceipt(app + "delete", Map.of("messageId", id)).await();
			assertThat(atBob.nextJsonWhere(entry -> entry.get("seq").asLong() == 5).get("type").asString())
				.isEqualTo("message-deleted");

			// read on node b: bob's device on node a and alice on node a hear of it. In
			// relay mode node b finds bob's sessions on other nodes in Spring's user
			// registry, which the nodes broadcast to each other every 10 s
			SimpUserRegistry registry = b.bean(SimpUserRegistry.class);
			if (registry instanceof MultiServerUserRegistry) {
				await().atMost(Duration.ofSeconds(30))
					.until(() -> registry.getUser(bob) != null && registry.getUser(bob).getSessions().size() == 2);
			}
			bobSession.sendWithReceipt(app + "read", Map.of("seq", 5)).await();
			JsonNode state = bobsState.nextJson();
			assertThat(state.get("readSeq").asLong()).isEqualTo(5);
			assertThat(state.get("unread").asLong()).isZero();
			JsonNode read = readsAtAlice.nextJson();
			assertThat(read.get("user").asString()).isEqualTo(bob);
			assertThat(read.get("seq").asLong()).isEqualTo(5);

			// both nodes' history: one log, in seq order, with every kind
			for (ParleyNode node : new ParleyNode[] { a, b }) {
				JsonNode log = node.api()
					.get("/api/conversations/" + conversation + "/messages?after=0", Api.token(bob))
					.json();
				List<String> types = new ArrayList<>();
				log.forEach(entry -> types.add(entry.get("seq").asLong() + ":" + entry.get("type").asString()));
				assertThat(types).containsExactly("1:message-deleted", "2:reaction", "3:message-deleted", "4:message",
						"5:message-deleted");
			}
		}
	}

	@Test
	@Order(3)
	void documentOpsAndCursorsCrossNodesAndConcurrentOpsGetOneGaplessVersionSequence() throws Exception {
		String alice = Api.newUser("alice");
		String bob = Api.newUser("bob");
		UUID conversation = a.api().createConversation(alice, bob);
		String documents = "/api/conversations/" + conversation + "/documents";
		Api.Response created = b.api().postJson(documents, Api.token(bob), Map.of("title", "Minutes"));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String document = created.json().get("id").asString();
		String topic = "/topic/conversation." + conversation + ".doc." + document;
		String op = "/app/conversation." + conversation + ".doc." + document + ".op";
		String cursor = "/app/conversation." + conversation + ".doc." + document + ".cursor";
		try (StompTestClient onA = StompTestClient.nativeWebSocket(a.port());
				StompTestClient onB = StompTestClient.nativeWebSocket(b.port());
				Session aliceSession = onA.connect(Api.token(alice));
				Session bobSession = onB.connect(Api.token(bob))) {
			Subscription opsAtAlice = aliceSession.subscribe(topic);
			Subscription opsAtBob = bobSession.subscribe(topic);
			Subscription cursorsAtAlice = aliceSession.subscribe(topic + ".cursors");
			Subscription cursorsAtBob = bobSession.subscribe(topic + ".cursors");
			Subscription errorsAtAlice = aliceSession.errors();
			Subscription errorsAtBob = bobSession.errors();

			// an op sent to node a reaches node b, and one sent to node b reaches node a
			assertThat(aliceSession
				.sendWithReceipt(op, Map.of("version", 0, "op", List.of("<a>"), "clientOpId", "alice-first"))
				.headers()
				.getFirst("version")).isEqualTo("1");
			JsonNode atB = opsAtBob.nextJson();
			assertThat(atB.get("type").asString()).isEqualTo("doc-op");
			assertThat(atB.get("documentId").asString()).isEqualTo(document);
			assertThat(atB.get("version").asLong()).isEqualTo(1);
			assertThat(atB.get("op").toString()).isEqualTo("[\"<a>\"]");
			assertThat(atB.get("author").asString()).isEqualTo(alice);
			assertThat(atB.get("clientOpId").asString()).isEqualTo("alice-first");
			assertThat(opsAtAlice.nextJson().get("version").asLong()).isEqualTo(1);

			assertThat(bobSession
				.sendWithReceipt(op, Map.of("version", 1, "op", List.of(3, "<b>"), "clientOpId", "bob-first"))
				.headers()
				.getFirst("version")).isEqualTo("2");
			JsonNode atA = opsAtAlice.nextJson();
			assertThat(atA.get("version").asLong()).isEqualTo(2);
			assertThat(atA.get("op").toString()).isEqualTo("[3,\"<b>\"]");
			assertThat(atA.get("author").asString()).isEqualTo(bob);
			assertThat(atA.get("clientOpId").asString()).isEqualTo("bob-first");
			assertThat(opsAtBob.nextJson().get("version").asLong()).isEqualTo(2);

			// cursors cross nodes both ways too
			aliceSession.sendWithReceipt(cursor, Map.of("version", 2, "anchor", 1, "head", 3)).await();
			JsonNode aliceCursor = cursorsAtBob.nextJsonWhere(c -> c.get("user").asString().equals(alice));
			assertThat(aliceCursor.get("type").asString()).isEqualTo("doc-cursor");
			assertThat(aliceCursor.get("version").asLong()).isEqualTo(2);
			assertThat(aliceCursor.get("anchor").asInt()).isEqualTo(1);
			assertThat(aliceCursor.get("head").asInt()).isEqualTo(3);
			bobSession.sendWithReceipt(cursor, Map.of("version", 2, "anchor", 6, "head", 6)).await();
			JsonNode bobCursor = cursorsAtAlice.nextJsonWhere(c -> c.get("user").asString().equals(bob));
			assertThat(bobCursor.get("type").asString()).isEqualTo("doc-cursor");
			assertThat(bobCursor.get("anchor").asInt()).isEqualTo(6);
			assertThat(bobCursor.get("head").asInt()).isEqualTo(6);

			// alice (on a) and bob (on b) edit at once, each op made on the version its
			// author last saw: the document row's lock must give one gapless sequence
			int perWriter = 25;
			java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
			java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
			List<Long> aliceVersions;
			List<Long> bobVersions;
			try {
				java.util.concurrent.Future<List<Long>> aliceWriter = pool
					.submit(() -> writeTokens(aliceSession, errorsAtAlice, op, "alice", 2, perWriter, start));
				java.util.concurrent.Future<List<Long>> bobWriter = pool
					.submit(() -> writeTokens(bobSession, errorsAtBob, op, "bob", 2, perWriter, start));
				aliceVersions = aliceWriter.get();
				bobVersions = bobWriter.get();
			}
			finally {
				pool.shutdownNow();
			}
			int total = 2 + 2 * perWriter;
			List<Long> concurrentVersions = java.util.stream.LongStream.rangeClosed(3, total).boxed().toList();
			assertThat(aliceVersions).isSorted().doesNotHaveDuplicates();
			assertThat(bobVersions).isSorted().doesNotHaveDuplicates();
			List<Long> confirmed = new java.util.ArrayList<>(aliceVersions);
			confirmed.addAll(bobVersions);
			assertThat(confirmed).containsExactlyInAnyOrderElementsOf(concurrentVersions);

			// every op reached the subscribers on both nodes, once
			for (Subscription subscription : List.of(opsAtAlice, opsAtBob)) {
				List<Long> broadcast = new ArrayList<>();
				for (int i = 0; i < 2 * perWriter; i++) {
					broadcast.add(subscription.nextJson().get("version").asLong());
				}
				assertThat(broadcast).containsExactlyInAnyOrderElementsOf(concurrentVersions);
				subscription.expectNothing();
			}
			errorsAtAlice.expectNothing();
			errorsAtBob.expectNothing();

			// the stored ops, page by page: versions 1..total, no gap, no duplicate
			List<JsonNode> stored = new ArrayList<>();
			long after = 0;
			for (int page = 0; page <= total; page++) {
				Api.Response ops = ((page % 2 == 0) ? a : b).api()
					.get(documents + "/" + document + "/ops?after=" + after + "&limit=10", Api.token(bob));
				assertThat(ops.status()).as(ops.body()).isEqualTo(200);
				if (ops.json().isEmpty()) {
					break;
				}
				assertThat(ops.json().size()).isLessThanOrEqualTo(10);
				ops.json().valueStream().forEach(stored::add);
				after = stored.get(stored.size() - 1).get("version").asLong();
			}
			assertThat(stored.stream().map(o -> o.get("version").asLong()).toList())
				.containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, total).boxed().toList());
			List<String> clientOpIds = new java.util.ArrayList<>(List.of("alice-first", "bob-first"));
			for (int i = 0; i < perWriter; i++) {
				clientOpIds.add("alice-" + i);
				clientOpIds.add("bob-" + i);
			}
			assertThat(stored.stream().map(o -> o.get("clientOpId").asString()).toList())
				.containsExactlyInAnyOrderElementsOf(clientOpIds);

			// both nodes read the same text, which is the replay of the stored ops and
			// holds every token once
			JsonNode onNodeA = a.api().get(documents + "/" + document, Api.token(alice)).json();
			JsonNode onNodeB = b.api().get(documents + "/" + document, Api.token(bob)).json();
			assertThat(onNodeA.get("version").asLong()).isEqualTo(total);
			assertThat(onNodeB.get("version").asLong()).isEqualTo(total);
			String replayed = "";
			for (JsonNode storedOp : stored) {
				replayed = applyOp(replayed, storedOp.get("op"));
			}
			String text = onNodeA.get("text").asString();
			assertThat(onNodeB.get("text").asString()).isEqualTo(text);
			assertThat(replayed).isEqualTo(text);
			List<String> tokens = new java.util.ArrayList<>(List.of("<a>", "<b>"));
			for (int i = 0; i < perWriter; i++) {
				tokens.add("<alice-" + i + ">");
				tokens.add("<bob-" + i + ">");
			}
			for (String token : tokens) {
				assertThat(text.split(java.util.regex.Pattern.quote(token), -1)).as(token).hasSize(2);
			}
			assertThat(text).hasSize(tokens.stream().mapToInt(String::length).sum());
		}
	}

	/**
	 * Sends {@code count} ops, each inserting the token {@code <name-i>} at the start of
	 * the document as of the version its previous RECEIPT gave; returns those versions.
	 */
	private static List<Long> writeTokens(Session session, Subscription errors, String destination, String name,
			long version, int count, java.util.concurrent.CyclicBarrier start) throws Exception {
		List<Long> versions = new ArrayList<>();
		start.await(StompTestClient.TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
		long seen = version;
		for (int i = 0; i < count; i++) {
			Session.Receipt receipt = session.sendWithReceipt(destination,
					Map.of("version", seen, "op", List.of("<" + name + "-" + i + ">"), "clientOpId", name + "-" + i));
			String confirmed;
			try {
				confirmed = receipt.headers().getFirst("version");
			}
			catch (RuntimeException ex) {
				throw new AssertionError(name + "'s op " + i + " on version " + seen + " got no RECEIPT; error: "
						+ errors.poll(Duration.ZERO), ex);
			}
			assertThat(confirmed).as("%s's op %d", name, i).isNotNull();
			seen = Long.parseLong(confirmed);
			versions.add(seen);
		}
		return versions;
	}

	/**
	 * Applies an op in ot-text-unicode's JSON form (numbers skip, strings insert,
	 * {@code {"d":n}} deletes; in code points).
	 */
	private static String applyOp(String text, JsonNode op) {
		StringBuilder result = new StringBuilder();
		int at = 0;
		for (JsonNode component : op.valueStream().toList()) {
			if (component.isNumber()) {
				int end = text.offsetByCodePoints(at, component.asInt());
				result.append(text, at, end);
				at = end;
			}
			else if (component.isString()) {
				result.append(component.asString());
			}
			else {
				at = text.offsetByCodePoints(at, component.get("d").asInt());
			}
		}
		return result.append(text, at, text.length()).toString();
	}

	@Test
	@Order(3)
	void fileProgressReachesTheUploaderOnAnotherNode() {
		String alice = Api.newUser("alice");
		try (StompTestClient onB = StompTestClient.nativeWebSocket(b.port());
				Session session = onB.connect(Api.token(alice))) {
			Subscription files = session.subscribe("/user/queue/files");
			Api.Response accepted = a.api()
				.upload(Api.token(alice), "report.pdf", "application/pdf",
						"%PDF-1.7 a tiny report".getBytes(StandardCharsets.UTF_8));
			assertThat(accepted.status()).isEqualTo(202);
			JsonNode event;
			do {
				event = files.nextJson();
				assertThat(event.get("fileId").asString()).isEqualTo(accepted.json().get("fileId").asString());
			}
			while (!event.get("stage").asString().equals("done"));
			assertThat(event.get("contentType").asString()).isEqualTo("application/pdf");
			assertThat(event.get("sha256").asString()).hasSize(64);
		}
	}

	@Test
	@Order(3)
	void anAdminOnOneNodeGetsEveryNodesFigures() {
		String nodeA = a.bean(PresenceFigures.class).nodeId();
		String nodeB = b.bean(PresenceFigures.class).nodeId();
		String carol = Api.newUser("carol");
		UUID conversation = b.api().createConversation(carol);
		try (StompTestClient onA = StompTestClient.nativeWebSocket(a.port());
				StompTestClient onB = StompTestClient.nativeWebSocket(b.port());
				Session admin = onA.connect(Api.token(Api.newUser("admin"), "ADMIN"));
				Session sender = onB.connect(Api.token(carol));
				Session user = onB.connect(Api.token(Api.newUser("mallory")))) {
			Subscription stats = admin.subscribe(Destinations.ADMIN_STATS);
			Subscription refused = user.errors();
			user.subscribeAsync(Destinations.ADMIN_STATS);
			assertThat(refused.nextJson().get("code").asString()).isEqualTo("FORBIDDEN");

			sender.sendWithReceipt("/app/conversation." + conversation + ".send", Map.of("content", "on B")).await();
			Set<String> seen = new HashSet<>();
			JsonNode fromB = stats.nextJsonWhere(s -> {
				seen.add(s.get("node").asString());
				return s.get("node").asString().equals(nodeB) && s.get("busiest")
					.valueStream()
					.anyMatch(busy -> busy.get("conversation").asString().equals(conversation.toString()));
			}, Duration.ofSeconds(15));
			assertThat(fromB.get("brokerMode").asString()).isIn("relay", "bridge");
			assertThat(fromB.get("broker").asString()).isEqualTo("UP");
			assertThat(fromB.get("sessions").asInt()).isGreaterThanOrEqualTo(2);
			// and node A's own, which never left A
			if (!seen.contains(nodeA)) {
				stats.nextJsonWhere(s -> s.get("node").asString().equals(nodeA), Duration.ofSeconds(5));
			}
		}
	}

	@Test
	@Order(4)
	void presenceCountsSessionsOnEveryNode() {
		String alice = Api.newUser("alice");
		String bob = Api.newUser("bob");
		UUID conversation = a.api().createConversation(alice, bob);
		try (StompTestClient onA = StompTestClient.nativeWebSocket(a.port());
				StompTestClient onB = StompTestClient.nativeWebSocket(b.port());
				Session watcher = onA.connect(Api.token(bob))) {
			Subscription presence = watcher.subscribe("/topic/conversation." + conversation + ".presence");
			Session aliceOnA = onA.connect(Api.token(alice));
			assertThat(presence.nextJson().get("status").asString()).isEqualTo("online");
			Session aliceOnB = onB.connect(Api.token(alice));
			aliceOnB.sendWithReceipt("/app/presence", Map.of("status", "away")).await();
			assertThat(presence.nextJson().get("status").asString()).isEqualTo("away");

			aliceOnA.close();
			presence.expectNothing();
			JsonNode snapshot = watcher.subscribe("/app/conversation." + conversation + ".presence").nextJson();
			assertThat(snapshot.get("members")
				.valueStream()
				.filter(m -> m.get("user").asString().equals(alice))
				.findFirst()
				.orElseThrow()
				.get("status")
				.asString()).isEqualTo("away");

			aliceOnB.close();
			JsonNode offline = presence.nextJson();
			assertThat(offline.get("user").asString()).isEqualTo(alice);
			assertThat(offline.get("status").asString()).isEqualTo("offline");
			presence.expectNothing();
		}
	}

	@Test
	@Order(5)
	void usersOfANodeThatDiesGoOfflineElsewhereWithin30Seconds() throws Exception {
		String alice = Api.newUser("alice");
		String bob = Api.newUser("bob");
		UUID conversation = a.api().createConversation(alice, bob);
		try (ParleyProcess doomed = startProcessNode();
				StompTestClient onA = StompTestClient.nativeWebSocket(a.port());
				StompTestClient onDoomed = StompTestClient.nativeWebSocket(doomed.port());
				Session watcher = onA.connect(Api.token(bob))) {
			Subscription presence = watcher.subscribe("/topic/conversation." + conversation + ".presence");
			onDoomed.connect(Api.token(alice));
			assertThat(presence.nextJson().get("status").asString()).isEqualTo("online");

			long killedAt = System.nanoTime();
			doomed.kill();

			JsonNode offline = presence.nextJsonWhere(e -> e.get("status").asString().equals("offline"),
					Duration.ofSeconds(30));
			assertThat(offline.get("user").asString()).isEqualTo(alice);
			assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isLessThan(Duration.ofSeconds(30));
		}
	}

	@Test
	@Order(6)
	void servicesPublishOverAmqpAndBadMessagesAreDeadLetteredWithTheReason() {
		String alice = Api.newUser("alice");
		String bob = Api.newUser("bob");
		UUID conversation = a.api().createConversation(alice, bob);
		CachingConnectionFactory connections = new CachingConnectionFactory("127.0.0.1", rabbit.amqpPort());
		connections.setUsername("guest");
		connections.setPassword("guest");
		RabbitTemplate service = new RabbitTemplate(connections);
		try (StompTestClient onA = StompTestClient.nativeWebSocket(a.port());
				StompTestClient onB = StompTestClient.nativeWebSocket(b.port());
				Session aliceSession = onA.connect(Api.token(alice));
				Session bobSession = onB.connect(Api.token(bob))) {
			Subscription atAlice = aliceSession.subscribe("/topic/conversation." + conversation);
			Subscription atBob = bobSession.subscribe("/topic/conversation." + conversation);
			String key = "conversation." + conversation;

			publish(service, key,
					"{\"sender\":\"billing-bot\",\"content\":\"Invoice #7 is ready\",\"clientMessageId\":\"inv-7\"}");
			for (Subscription subscription : List.of(atAlice, atBob)) {
				JsonNode message = subscription.nextJson();
				assertThat(message.get("sender").asString()).isEqualTo("billing-bot");
				assertThat(message.get("senderType").asString()).isEqualTo("service");
				assertThat(message.get("content").asString()).isEqualTo("Invoice #7 is ready");
				assertThat(message.get("clientMessageId").asString()).isEqualTo("inv-7");
			}

			// a repeated clientMessageId is not published again
			publish(service, key,
					"{\"sender\":\"billing-bot\",\"content\":\"Invoice #7 is ready\",\"clientMessageId\":\"inv-7\"}");

			publish(service, key, "{not json");
			publish(service, "conversation." + UUID.randomUUID(), "{\"sender\":\"bot\",\"content\":\"lost?\"}");
			publish(service, key, "{\"sender\":\"bot\",\"content\":\"\"}");
			publish(service, key, "{\"content\":\"who am I\"}");
			List<String> reasons = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				Message dead = service.receive("parley.inbound.dead", 10_000);
				assertThat(dead).as("dead letter %d", i).isNotNull();
				reasons.add(String.valueOf(dead.getMessageProperties().getHeaders().get("x-parley-error")));
			}
			assertThat(reasons).anyMatch(r -> r.startsWith("BAD_REQUEST"))
				.anyMatch(r -> r.startsWith("NOT_FOUND"))
				.anyMatch(r -> r.startsWith("VALIDATION: content"))
				.anyMatch(r -> r.startsWith("VALIDATION: sender"));

			publish(service, key, "{\"sender\":\"billing-bot\",\"content\":\"still consuming\"}");
			assertThat(atBob.nextJson().get("content").asString()).isEqualTo("still consuming");
			atAlice.nextJson();
			atBob.expectNothing();
		}
		finally {
			connections.destroy();
		}
	}

	private static void publish(RabbitTemplate template, String routingKey, String body) {
		MessageProperties properties = new MessageProperties();
		properties.setContentType("application/json");
		template.send("parley.inbound", routingKey, new Message(body.getBytes(StandardCharsets.UTF_8), properties));
	}

	@Test
	@Order(7)
	void sessionsLeaveNoQueuesBehind() {
		String alice = Api.newUser("alice");
		UUID conversation = a.api().createConversation(alice);
		await().atMost(Duration.ofSeconds(30)).until(() -> !rabbit.queues().isEmpty());
		List<String> before = rabbit.queues();
		try (StompTestClient onA = StompTestClient.nativeWebSocket(a.port());
				StompTestClient onB = StompTestClient.nativeWebSocket(b.port())) {
			for (int i = 0; i < 20; i++) {
				StompTestClient client = (i % 2 == 0) ? onA : onB;
				try (Session session = client.connect(Api.token(alice))) {
					session.subscribe("/topic/conversation." + conversation);
					session.subscribe("/user/queue/notifications");
					Subscription errors = session.errors();
					session.send("/app/conversation." + UUID.randomUUID() + ".send", Map.of("content", "x"));
					errors.nextJson();
				}
			}
		}
		// a late message to a session that has gone must not declare its queue again
		b.bean(SimpMessageSendingOperations.class)
			.convertAndSendToUser(alice, "/queue/notifications", Map.of("text", "nobody home"));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(rabbit.queues()).containsExactlyInAnyOrderElementsOf(before));
		assertThat(rabbit.queues()).noneMatch(name -> name.contains("-user"));
	}

}
