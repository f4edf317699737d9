package dev.parley.cluster;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.parley.support.Api;
import dev.parley.support.ParleyNode;
import dev.parley.support.PostgresServer;
import dev.parley.support.RabbitMqNode;
import dev.parley.support.StompTestClient;
import dev.parley.support.StompTestClient.Session;
import dev.parley.support.StompTestClient.Subscription;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The operator kit in {@code rabbitmq/definitions.json} is enough and no more: Parley runs on the {@code parley}
 * vhost with only the {@code parley-relay} user's rights, and {@code parley-service} may publish to
 * {@code parley.inbound} but cannot bypass Parley by publishing to {@code amq.topic}.
 */
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
					template.send("parley.inbound", "conversation." + conversation, json(
							"{\"sender\":\"billing-bot\",\"content\":\"from the service\"}"));
					assertThat(messages.nextJson().get("senderType").asString()).isEqualTo("service");

					template.setChannelTransacted(true);
					assertThatThrownBy(() -> template.send("amq.topic", "conversation." + conversation,
							json("{\"type\":\"message\",\"sender\":\"alice\",\"content\":\"forged\"}")))
						.isInstanceOf(AmqpException.class)
						.hasStackTraceContaining("ACCESS_REFUSED");
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
