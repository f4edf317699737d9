package dev.parley.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import dev.parley.support.Api;
import dev.parley.support.Chat;
import dev.parley.support.ClusterTest;
import dev.parley.support.ParleyNode;
import dev.parley.support.PostgresServer;
import dev.parley.support.RabbitMqNode;
import dev.parley.support.StompTestClient;
import dev.parley.support.StompTestClient.Session;
import dev.parley.support.StompTestClient.Subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two Parley nodes in bridge mode and one in relay mode, on one real RabbitMQ and one
 * real PostgreSQL: each bridge node keeps its sessions on its own broker and receives a
 * conversation once per node through its own queue, bound while it has subscribers.
 */
@ClusterTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BridgeClusterTests {

	static final String NODE_A_USER = "parley-node-a";

	static RabbitMqNode rabbit;

	static PostgresServer postgres;

	static ParleyNode a;

	static ParleyNode b;

	static ParleyNode relay;

	@BeforeAll
	static void startCluster() throws Exception {
		rabbit = RabbitMqNode.start();
		postgres = PostgresServer.start();
		// node A has a RabbitMQ user of its own, so that a test can keep it from
		// reconnecting
		rabbit.addUser(NODE_A_USER, "node-a-password");
		a = ParleyNode.bridge(rabbit, postgres, "--spring.rabbitmq.username=" + NODE_A_USER,
				"--spring.rabbitmq.password=node-a-password");
		b = ParleyNode.bridge(rabbit, postgres);
		relay = ParleyNode.relay(rabbit, postgres);
	}

	@AfterAll
	static void stopCluster() throws Exception {
		for (AutoCloseable closeable : new AutoCloseable[] { a, b, relay, rabbit, postgres }) {
			if (closeable != null) {
				closeable.close();
			}
		}
	}

	@Test
	void messagesAndTypingCrossNodesBothWaysAndANodeDoesNotDeliverItsOwnTwice() {
		Chat chat = Chat.create(a.api(), "alice", "bob");
		String topic = chat.topic();
		try (OnTwoNodes members = OnTwoNodes.connect(chat, a, b)) {
			Session aliceSession = members.first();
			Session bobSession = members.second();
			Subscription atAlice = aliceSession.subscribe(topic);
			// the receipt of the first subscription on b means b receives the
			// conversation: a message sent from a right after it arrives live
			Subscription atBob = bobSession.subscribe(topic);
			Subscription typingAtBob = bobSession.subscribe(topic + ".typing");

			aliceSession.sendWithReceipt(chat.sendDestination(), Map.of("content", "A to B")).await();
			assertThat(atBob.nextJson().get("content").asString()).isEqualTo("A to B");
			bobSession.sendWithReceipt(chat.sendDestination(), Map.of("content", "B to A")).await();
			assertThat(atBob.nextJson().get("content").asString()).as("b's own message, once").isEqualTo("B to A");

			// a's subscriber gets its own message once (local delivery, the echo from
			// RabbitMQ dropped), then b's
			assertThat(atAlice.nextJson().get("content").asString()).isEqualTo("A to B");
			assertThat(atAlice.nextJson().get("content").asString()).isEqualTo("B to A");

			aliceSession.send("/app/conversation." + chat.id() + ".typing", Map.of("typing", true));
			JsonNode typing = typingAtBob.nextJson();
			assertThat(typing.get("user").asString()).isEqualTo(chat.member(0).name());
			assertThat(typing.get("typing").asBoolean()).isTrue();

			// and nothing more: the next message on each side is the next one sent
			bobSession.sendWithReceipt(chat.sendDestination(), Map.of("content", "last")).await();
			assertThat(atAlice.nextJson().get("content").asString()).isEqualTo("last");
			assertThat(atBob.nextJson().get("content").asString()).isEqualTo("last");

			// what the nodes count: a published to RabbitMQ and received from b; bindings
			assertThat(metric(a, "parley_bridge_messages_total", "direction=\"out\"")).isPositive();
			assertThat(metric(a, "parley_bridge_messages_total", "direction=\"in\"")).isPositive();
			assertThat(metric(a, "parley_bridge_bindings", "")).isPositive();
			// RabbitMQ confirmed what node A published, and refused nothing
			await().untilAsserted(
					() -> assertThat(metric(a, "parley_bridge_publish_confirms_seconds_count", "")).isPositive());
			assertThat(metric(a, "parley_bridge_publish_lost_total", "reason=\"nack\"")).isZero();
		}
	}

	@Test
	void aNodeIsBoundToAConversationExactlyWhileItHasSubscribers() {
		Chat chat = Chat.create(a.api(), "alice", "bob");
		String topic = chat.topic();
		String key = "conversation." + chat.id();
		try (StompTestClient onA = StompTestClient.nativeWebSocket(a.port());
				StompTestClient onB = StompTestClient.nativeWebSocket(b.port());
				Session aliceSession = onA.connect(chat.member(0).token());
				Session aliceAgain = onA.connect(chat.member(0).token());
				Session bobSession = onB.connect(chat.member(1).token())) {
			// churn from both nodes: subscribe and unsubscribe in turn
			for (int i = 0; i < 10; i++) {
				aliceSession.subscribe(topic).unsubscribe();
				bobSession.subscribe(topic).unsubscribe();
			}
			// UNSUBSCRIBE has no receipt: the last one is handled a moment later
			await().until(() -> boundQueues(key).isEmpty());

			Subscription first = aliceSession.subscribe(topic);
			Subscription second = aliceAgain.subscribe(topic);
			Subscription atBob = bobSession.subscribe(topic);
			assertThat(boundQueues(key)).hasSize(2);

			first.unsubscribe();
			bobSession.sendWithReceipt(chat.sendDestination(), Map.of("content", "still here")).await();
			assertThat(second.nextJson().get("content").asString()).as("a is still bound for its second subscriber")
				.isEqualTo("still here");
			assertThat(atBob.nextJson().get("content").asString()).isEqualTo("still here");

			second.unsubscribe();
			atBob.unsubscribe();
			await().until(() -> boundQueues(key).isEmpty());
		}
	}

	@Test
	void aRelayNodeAndABridgeNodeChatInOneCluster() {
		Chat chat = Chat.create(a.api(), "alice", "bob");
		String topic = chat.topic();
		try (OnTwoNodes members = OnTwoNodes.connect(chat, a, relay)) {
			Session aliceSession = members.first();
			Session bobSession = members.second();
			Subscription atAlice = aliceSession.subscribe(topic);
			Subscription atBob = bobSession.subscribe(topic);

			aliceSession.sendWithReceipt(chat.sendDestination(), Map.of("content", "from bridge")).await();
			assertThat(atBob.nextJson().get("content").asString()).isEqualTo("from bridge");
			bobSession.sendWithReceipt(chat.sendDestination(), Map.of("content", "from relay")).await();
			assertThat(atAlice.nextJsonWhere(m -> m.get("content").asString().equals("from relay")).get("seq").asLong())
				.isEqualTo(2);
		}
	}

	@Test
	void aUserGetsWhatAnyNodeSendsThemOnEveryNodeTheyAreOnAndNothingStaysBound() {
		String carol = Api.newUser("carol");
		String key = "user." + carol;
		String service = Api.token("billing", "SERVICE");
		String notifications = "/api/users/" + carol + "/notifications";
		// on no node: accepted, and nothing is bound for carol
		assertThat(b.api().postJson(notifications, service, Map.of("text", "nobody home")).status()).isEqualTo(202);
		assertThat(boundQueues(key)).isEmpty();
		try (StompTestClient onA = StompTestClient.nativeWebSocket(a.port());
				StompTestClient onB = StompTestClient.nativeWebSocket(b.port());
				Session onANode = onA.connect(Api.token(carol))) {
			Subscription atA = onANode.subscribe("/user/queue/notifications");
			// on one node: what another node sends reaches her
			assertThat(b.api().postJson(notifications, service, Map.of("text", "one")).status()).isEqualTo(202);
			assertThat(atA.nextJson().get("text").asString()).isEqualTo("one");

			try (Session onBNode = onB.connect(Api.token(carol))) {
				Subscription atB = onBNode.subscribe("/user/queue/notifications");
				// on two nodes: both sessions get it, each once
				assertThat(a.api().postJson(notifications, service, Map.of("text", "two")).status()).isEqualTo(202);
				assertThat(atA.nextJson().get("text").asString()).isEqualTo("two");
				assertThat(atB.nextJson().get("text").asString()).isEqualTo("two");
				assertThat(b.api().postJson(notifications, service, Map.of("text", "three")).status()).isEqualTo(202);
				assertThat(atA.nextJson().get("text").asString()).isEqualTo("three");
				assertThat(atB.nextJson().get("text").asString()).isEqualTo("three");
				assertThat(boundQueues(key)).hasSize(2);
			}
		}
		await().until(() -> boundQueues(key).isEmpty());
	}

	/**
	 * A node's consuming connection is closed by RabbitMQ while another node's members
	 * keep sending: the node's subscribers get every stored message exactly once, live or
	 * re-delivered from the store once the node receives again, and are told so.
	 */
	@Test
	@Order(Integer.MAX_VALUE - 2)
	void aNodeWhoseConnectionIsClosedWhileMessagesFlowReDeliversWhatItsSubscribersMissedOnce() throws Exception {
		// five senders on node B, each within the message rate limit
		Chat chat = Chat.create(a.api(), "alice", "bob", "carol", "dave", "erin", "frank");
		try (OnTwoNodes members = OnTwoNodes.connect(chat, a, b)) {
			Session aliceSession = members.first();
			Session bobSession = members.second();
			Subscription atAlice = aliceSession.subscribe(chat.topic());
			String nodeA = bridgeNodeOf(chat);
			Subscription atBob = bobSession.subscribe(chat.topic());
			double redeliveredBefore = metric(a, "parley_bridge_redelivered_total", "");
			Set<Long> stored = new TreeSet<>();
			Runnable bobSends = () -> stored.add(postAs(b, chat, 1 + stored.size() % 5, "m" + stored.size()));
			for (int i = 0; i < 10; i++) {
				bobSends.run();
			}

			// node A loses its consuming connection and cannot open another for a while
			rabbit.denyAccess(NODE_A_USER);
			rabbit.closeConnection("parley-bridge " + nodeA);
			await().atMost(Duration.ofSeconds(30)).until(() -> readiness(a) == 503);
			assertThat(readiness(b)).isEqualTo(200);
			// messages from node B are stored and published while node A is not
			// receiving, while it comes back, and after
			for (int i = 0; i < 20; i++) {
				bobSends.run();
			}
			rabbit.allowAccess(NODE_A_USER);
			await().atMost(Duration.ofSeconds(60)).until(() -> {
				bobSends.run();
				return readiness(a) == 200;
			});
			for (int i = 0; i < 10; i++) {
				bobSends.run();
			}

			JsonNode notice = receiveEachOnce(atAlice, stored, true);
			assertThat(notice.get("conversationId").asString()).isEqualTo(chat.id().toString());
			assertThat(notice.get("complete").asBoolean()).isTrue();
			assertThat(notice.get("redelivered").asInt()).isGreaterThanOrEqualTo(20);
			receiveEachOnce(atBob, stored, false);
			assertThat(metric(a, "parley_bridge_redelivered_total", "") - redeliveredBefore)
				.isEqualTo(notice.get("redelivered").asDouble());
		}
	}

	/**
	 * A message stored whose publication never reached RabbitMQ, as when a node dies
	 * between its commit and its publish (written here straight into the database): the
	 * next message shows the other nodes the hole in the seqs, and they fill it from the
	 * store, in time.
	 */
	@Test
	void aStoredMessageWhosePublicationNeverArrivedReachesSubscribersFromTheStore() throws Exception {
		Chat chat = Chat.create(a.api(), "alice", "bob");
		try (OnTwoNodes members = OnTwoNodes.connect(chat, a, b)) {
			Session aliceSession = members.first();
			Session bobSession = members.second();
			Subscription atAlice = aliceSession.subscribe(chat.topic());
			Subscription atBob = bobSession.subscribe(chat.topic());
			long first = postAs(b, chat, 1, "first");
			long unpublished = storeWithoutPublishing(chat, "bob", "never published");
			long third = postAs(b, chat, 1, "third");

			for (Subscription subscription : List.of(atAlice, atBob)) {
				assertThat(subscription.nextJson().get("seq").asLong()).isEqualTo(first);
				assertThat(subscription.nextJson().get("seq").asLong()).isEqualTo(third);
				JsonNode filled = subscription.nextJson();
				assertThat(filled.get("seq").asLong()).isEqualTo(unpublished);
				assertThat(filled.get("content").asString()).isEqualTo("never published");
				subscription.expectNothing();
			}
		}
	}

	/**
	 * A node's publishing connection is closed while its members send: it publishes on a
	 * new one, and the other node's subscribers get every message once.
	 */
	@Test
	@Order(Integer.MAX_VALUE - 1)
	void aNodeWhosePublishingConnectionIsClosedPublishesOnANewOne() throws Exception {
		Chat chat = Chat.create(a.api(), "alice", "bob", "carol", "dave");
		try (OnTwoNodes members = OnTwoNodes.connect(chat, a, b)) {
			Session aliceSession = members.first();
			Session bobSession = members.second();
			Subscription atAlice = aliceSession.subscribe(chat.topic());
			String nodeA = bridgeNodeOf(chat);
			Subscription atBob = bobSession.subscribe(chat.topic());
			String nodeB = bridgeNodeOtherThan(chat, nodeA);
			Set<Long> stored = new TreeSet<>();
			for (int i = 0; i < 10; i++) {
				stored.add(postAs(b, chat, 1 + i % 3, "before " + i));
			}
			rabbit.closeConnection("parley-bridge " + nodeB + ".publisher");
			for (int i = 0; i < 20; i++) {
				stored.add(postAs(b, chat, 1 + i % 3, "after " + i));
			}

			receiveEachOnce(atAlice, stored, false);
			receiveEachOnce(atBob, stored, false);
		}
	}

	/** Last: it restarts RabbitMQ under the other tests' nodes. */
	@Test
	@Order(Integer.MAX_VALUE)
	void afterARabbitMqRestartANodeIsBoundAgainAndItsSessionsNeverNoticed() throws Exception {
		Chat chat = Chat.create(a.api(), "alice", "bob");
		String topic = chat.topic();
		try (OnTwoNodes members = OnTwoNodes.connect(chat, a, b)) {
			Session aliceSession = members.first();
			Session bobSession = members.second();
			Subscription atAlice = aliceSession.subscribe(topic);
			Subscription atBob = bobSession.subscribe(topic);
			Subscription presenceAtAlice = aliceSession.subscribe(topic + ".presence");

			rabbit.stop();
			await().atMost(Duration.ofSeconds(30)).until(() -> readiness(a) == 503 && readiness(b) == 503);
			Api.Response refused = b.api()
				.postJson(chat.messagesPath(), chat.member(1).token(), Map.of("content", "while RabbitMQ is down"));
			assertThat(refused.status()).isEqualTo(503);
			assertThat(refused.json().get("code").asString()).isEqualTo("UNAVAILABLE");

			rabbit.startNode();
			await().atMost(Duration.ofSeconds(60)).until(() -> readiness(a) == 200 && readiness(b) == 200);
			assertThat(boundQueues("conversation." + chat.id())).hasSize(2);
			assertThat(metric(a, "parley_bridge_repairs_total", "")).isPositive();

			// the same sessions, on the same subscriptions: the nodes' bindings were made
			// again
			bobSession.sendWithReceipt(chat.sendDestination(), Map.of("content", "after")).await();
			// and each node told its subscribers that it re-delivered what they missed
			for (Subscription subscription : List.of(atAlice, atBob)) {
				JsonNode first = subscription.nextJson();
				JsonNode second = subscription.nextJson();
				JsonNode notice = first.get("type").asString().equals("repaired") ? first : second;
				JsonNode message = (notice == first) ? second : first;
				assertThat(message.get("content").asString()).isEqualTo("after");
				assertThat(notice.get("type").asString()).isEqualTo("repaired");
				assertThat(notice.get("complete").asBoolean()).isTrue();
			}
			// presence changes announced meanwhile are not stored: a fresh snapshot comes
			presenceAtAlice.nextJsonWhere(frame -> frame.get("type").asString().equals("presence-snapshot"));
		}
	}

	/**
	 * Store a message as the writer does (the next seq, in the same transaction), without
	 * publishing it; its seq.
	 */
	private static long storeWithoutPublishing(Chat chat, String sender, String content) throws Exception {
		try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), "")) {
			connection.setAutoCommit(false);
			long seq;
			try (PreparedStatement next = connection
				.prepareStatement("update conversation set last_seq = last_seq + 1 where id = ? returning last_seq")) {
				next.setObject(1, chat.id());
				try (ResultSet row = next.executeQuery()) {
					row.next();
					seq = row.getLong(1);
				}
			}
			try (PreparedStatement insert = connection.prepareStatement(
					"insert into message (conversation_id, seq, id, sender, sender_type, content, sent_at) values (?, ?, ?, ?, 'user', ?, ?)")) {
				insert.setObject(1, chat.id());
				insert.setLong(2, seq);
				insert.setObject(3, UUID.randomUUID());
				insert.setString(4, sender);
				insert.setString(5, content);
				insert.setTimestamp(6, Timestamp.from(Instant.now()));
				insert.executeUpdate();
			}
			connection.commit();
			return seq;
		}
	}

	/** The chat's member 0 connected to one node and member 1 to another. */
	private record OnTwoNodes(StompTestClient firstClient, StompTestClient secondClient, Session first,
			Session second) implements AutoCloseable {

		static OnTwoNodes connect(Chat chat, ParleyNode firstNode, ParleyNode secondNode) {
			StompTestClient firstClient = StompTestClient.nativeWebSocket(firstNode.port());
			StompTestClient secondClient = StompTestClient.nativeWebSocket(secondNode.port());
			try {
				return new OnTwoNodes(firstClient, secondClient, firstClient.connect(chat.member(0).token()),
						secondClient.connect(chat.member(1).token()));
			}
			catch (RuntimeException | AssertionError ex) {
				firstClient.close();
				secondClient.close();
				throw ex;
			}
		}

		@Override
		public void close() {
			this.first.close();
			this.second.close();
			this.firstClient.close();
			this.secondClient.close();
		}

	}

	/** Store a message as the chat's member through the node's HTTP API; its seq. */
	private static long postAs(ParleyNode node, Chat chat, int member, String content) {
		Api.Response response = node.api()
			.postJson(chat.messagesPath(), chat.member(member).token(), Map.of("content", content));
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		return response.json().get("seq").asLong();
	}

	/**
	 * Reads the subscription until every seq has come, failing on a seq that comes twice
	 * or a frame that does not come; with {@code notice}, also until the node's
	 * {@code repaired} notice has come, and returns it.
	 */
	private static JsonNode receiveEachOnce(Subscription subscription, Set<Long> seqs, boolean notice) {
		Set<Long> received = new TreeSet<>();
		JsonNode repaired = null;
		while (!received.containsAll(seqs) || (notice && repaired == null)) {
			JsonNode frame = subscription.nextJson();
			if (frame.get("type").asString().equals("repaired")) {
				repaired = frame;
			}
			else {
				long seq = frame.get("seq").asLong();
				assertThat(received.add(seq)).as("seq %d received twice", seq).isTrue();
			}
		}
		subscription.expectNothing();
		assertThat(received).isEqualTo(seqs);
		return repaired;
	}

	/** The id of the only bridge node bound to the chat's messages. */
	private static String bridgeNodeOf(Chat chat) {
		List<String> queues = boundQueues("conversation." + chat.id());
		assertThat(queues).hasSize(1);
		return queues.get(0).substring("parley.bridge.".length());
	}

	private static String bridgeNodeOtherThan(Chat chat, String node) {
		List<String> others = boundQueues("conversation." + chat.id()).stream()
			.map(queue -> queue.substring("parley.bridge.".length()))
			.filter(id -> !id.equals(node))
			.toList();
		assertThat(others).hasSize(1);
		return others.get(0);
	}

	/** The value of the node's first Prometheus series of the name with the tag. */
	private static double metric(ParleyNode node, String name, String tag) {
		return node.api()
			.get("/actuator/prometheus", null)
			.body()
			.lines()
			.filter(line -> line.startsWith(name + "{") && line.contains(tag))
			.mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no series " + name + " with " + tag));
	}

	private static int readiness(ParleyNode node) {
		return node.api().get("/actuator/health/readiness", null).status();
	}

	/**
	 * The queues bound to {@code amq.topic} with the routing key, from the management
	 * API.
	 */
	private static List<String> boundQueues(String routingKey) {
		return rabbit.bindings("amq.topic", routingKey);
	}

}
