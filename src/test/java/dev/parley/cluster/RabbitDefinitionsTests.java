package dev.parley.cluster;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.parley.support.Api;
import dev.parley.support.ClusterTest;
import dev.parley.support.ParleyNode;
import dev.parley.support.PostgresServer;
import dev.parley.support.RabbitMqNode;
import dev.parley.support.StompTestClient;
import dev.parley.support.StompTestClient.Session;
import dev.parley.support.StompTestClient.Subscription;

import com.rabbitmq.client.Channel;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator kit in {@code rabbitmq/definitions.json} is enough and no more: Parley
 * runs on the {@code parley} vhost with only the {@code parley-relay} user's rights, and
 * {@code parley-service} may publish to {@code parley.inbound} but cannot bypass Parley
 * by publishing to {@code amq.topic}.
 */
@ClusterTest
class RabbitDefinitionsTests {

	@Test
	void parleyRunsWithLeastPrivilegeAndServicesCannotBypassIt() throws Exception {
		try (RabbitMqNode rabbit = RabbitMqNode.start(Path.of("rabbitmq/definitions.json"));
				PostgresServer postgres = PostgresServer.start()) {
			rabbit.setPassword("parley-relay", "relay-test-password");
			rabbit.setPassword("parley-service", "service-test-password");
			try (ParleyNode node = ParleyNode.relay(rabbit, postgres, "--spring.rabbitmq.username=parley-relay",
					"--spring.rabbitmq.password=relay-test-password", "--spring.rabbitmq.virtual-host=parley");
					StompTestClient client = StompTestClient.nativeWebSocket(node.port())) {
				String alice = Api.newUser("alice");
				UUID conversation = node.api().createConversation(alice);
				Session session = client.connect(Api.token(alice));
				Subscription messages = session.subscribe("/topic/conversation." + conversation);
				Subscription errors = session.errors();
				session.sendWithReceipt("/app/conversation." + conversation + ".send", Map.of("content", "hello"))
					.await();
				assertThat(messages.nextJson().get("content").asString()).isEqualTo("hello");
				session.send("/app/conversation." + UUID.randomUUID() + ".send", Map.of("content", "x"));
				assertThat(errors.nextJson().get("code").asString()).isEqualTo("NOT_FOUND");

				CachingConnectionFactory service = new CachingConnectionFactory("127.0.0.1", rabbit.amqpPort());
				service.setUsername("parley-service");
				service.setPassword("service-test-password");
				service.setVirtualHost("parley");
				try {
					RabbitTemplate template = new RabbitTemplate(service);
					template.send("parley.inbound", "conversation." + conversation,
							json("{\"sender\":\"billing-bot\",\"content\":\"from the service\"}"));
					assertThat(messages.nextJson().get("senderType").asString()).isEqualTo("service");

					com.rabbitmq.client.ConnectionFactory raw = new com.rabbitmq.client.ConnectionFactory();
					raw.setHost("127.0.0.1");
					raw.setPort(rabbit.amqpPort());
					raw.setUsername("parley-service");
					raw.setPassword("service-test-password");
					raw.setVirtualHost("parley");
					try (com.rabbitmq.client.Connection connection = raw.newConnection()) {
						Channel channel = connection.createChannel();
						channel.basicPublish("amq.topic", "conversation." + conversation, null,
								"{\"type\":\"message\",\"sender\":\"alice\",\"content\":\"forged\"}"
									.getBytes(StandardCharsets.UTF_8));
						// RabbitMQ answers a publish it refuses by closing the channel
						// with 403 ACCESS_REFUSED
						await().atMost(Duration.ofSeconds(10)).until(() -> !channel.isOpen());
						assertThat(String.valueOf(channel.getCloseReason())).contains("ACCESS_REFUSED");
					}
					messages.expectNothing();
				}
				finally {
					service.destroy();
				}
				session.close();
			}
		}
	}

	private static Message json(String body) {
		MessageProperties properties = new MessageProperties();
		properties.setContentType("application/json");
		return new Message(body.getBytes(StandardCharsets.UTF_8), properties);
	}

}
