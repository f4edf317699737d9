package dev.parley.cluster;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

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
 * RabbitMQ goes away and comes back: clients are told at once, the node stays up and says
 * it is DOWN, sends fail with a clear error, and once RabbitMQ is back the relay
 * reconnects by itself and reconnecting clients chat again.
 */
@ClusterTest
class BrokerRestartTests {

	@Test
	void theNodeSurvivesABrokerRestartWithoutARestartOfItsOwn() throws Exception {
		try (RabbitMqNode rabbit = RabbitMqNode.start();
				PostgresServer postgres = PostgresServer.start();
				ParleyNode node = ParleyNode.relay(rabbit, postgres);
				StompTestClient client = StompTestClient.nativeWebSocket(node.port())) {
			Api api = node.api();
			Chat chat = Chat.create(api, "alice");
			// the relay's system connection comes up just after the node has started
			await().atMost(Duration.ofSeconds(30)).until(() -> health(api).equals("UP"));
			Session before = client.connect(chat.member(0).token());
			before.subscribe(chat.topic());

			rabbit.stop();

			StompTestClient.Frame error = before.awaitErrorFrame();
			assertThat(error.header("message")).isNotBlank();
			await().atMost(Duration.ofSeconds(30)).until(() -> health(api).equals("DOWN"));
			assertThat(api.get("/actuator/health/liveness", null).json().get("status").asString()).isEqualTo("UP");
			// not ready: a load balancer sends new clients elsewhere
			assertThat(api.get("/actuator/health/readiness", null).status()).isEqualTo(503);
			Api.Response refused = api.postJson(chat.messagesPath(), chat.member(0).token(),
					Map.of("content", "while the broker is down"));
			assertThat(refused.status()).isEqualTo(503);
			assertThat(refused.json().get("code").asString()).isEqualTo("UNAVAILABLE");

			rabbit.startNode();

			await().atMost(Duration.ofSeconds(60)).until(() -> health(api).equals("UP"));
			assertThat(api.get("/actuator/health/readiness", null).status()).isEqualTo(200);
			try (Session after = client.connect(chat.member(0).token())) {
				Subscription messages = after.subscribe(chat.topic());
				after.sendWithReceipt(chat.sendDestination(), Map.of("content", "back again")).await();
				assertThat(messages.nextJson().get("content").asString()).isEqualTo("back again");
			}
		}
	}

	private static String health(Api api) {
		Api.Response response = api.get("/actuator/health", null);
		return response.json().get("status").asString();
	}

}
