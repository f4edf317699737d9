package dev.parley.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Map;

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

	static RabbitMqNode rabbit;

	static PostgresServer postgres;

	static ParleyNode a;

	static ParleyNode b;

	static ParleyNode relay;

	@BeforeAll
	static void startCluster() throws Exception {
		rabbit = RabbitMqNode.start();
		postgres = PostgresServer.start();
		a = ParleyNode.bridge(rabbit, postgres);
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
		try (StompTestClient onA = StompTestClient.nativeWebSocket(a.port());
				StompTestClient onB = StompTestClient.nativeWebSocket(b.port());
				Session aliceSession = onA.connect(chat.member(0).token());
				Session bobSession = onB.connect(chat.member(1).token())) {
			Subscription atAlice = aliceSession.subscribe(topic);
			// the receipt of the first subscription on b means b receives the
			// conversation:
			// a message sent from a right after it arrives live
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
		try (StompTestClient onBridge = StompTestClient.nativeWebSocket(a.port());
				StompTestClient onRelay = StompTestClient.nativeWebSocket(relay.port());
				Session aliceSession = onBridge.connect(chat.member(0).token());
				Session bobSession = onRelay.connect(chat.member(1).token())) {
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

	/** Last: it restarts RabbitMQ under the other tests' nodes. */
	@Test
	@Order(Integer.MAX_VALUE)
	void afterARabbitMqRestartANodeIsBoundAgainAndItsSessionsNeverNoticed() throws Exception {
		Chat chat = Chat.create(a.api(), "alice", "bob");
		String topic = chat.topic();
		try (StompTestClient onA = StompTestClient.nativeWebSocket(a.port());
				StompTestClient onB = StompTestClient.nativeWebSocket(b.port());
				Session aliceSession = onA.connect(chat.member(0).token());
				Session bobSession = onB.connect(chat.member(1).token())) {
			Subscription atAlice = aliceSession.subscribe(topic);
			Subscription atBob = bobSession.subscribe(topic);

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
			assertThat(atAlice.nextJson().get("content").asString()).isEqualTo("after");
			assertThat(atBob.nextJson().get("content").asString()).isEqualTo("after");
		}
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
