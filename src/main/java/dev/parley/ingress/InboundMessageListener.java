package dev.parley.ingress;

import java.util.UUID;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import dev.parley.broker.ConditionalOnClusterMode;
import dev.parley.conversation.ConversationIds;
import dev.parley.conversation.ConversationService;
import dev.parley.errors.ErrorCode;
import dev.parley.errors.ParleyException;
import dev.parley.messaging.MessagePublisher;
import dev.parley.metrics.MessageMetrics.Transport;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code parley.inbound}: JSON {@code {"sender","content","clientMessageId"?}}
 * with routing key {@code conversation.<id>} becomes a chat message from a service,
 * published exactly as any other message. A message that cannot be published is
 * dead-lettered with an {@code x-parley-error} header ({@code CODE: reason}) and
 * acknowledged; anything unexpected is rejected without requeue, which dead-letters it
 * too. Nothing is dropped silently and a bad message never stops the consumer.
 */
@Component
@ConditionalOnClusterMode
class InboundMessageListener {

	static final String ERROR_HEADER = "x-parley-error";

	private static final Log logger = LogFactory.getLog(InboundMessageListener.class);

	private final MessagePublisher publisher;

	private final RabbitTemplate rabbit;

	private final JsonMapper json;

	private final IngressProperties properties;

	InboundMessageListener(MessagePublisher publisher, RabbitTemplate rabbit, JsonMapper json,
			IngressProperties properties) {
		this.publisher = publisher;
		this.rabbit = rabbit;
		this.json = json;
		this.properties = properties;
	}

	@RabbitListener(queues = "${parley.amqp.inbound-queue:parley.inbound.messages}",
			containerFactory = IngressConfig.CONTAINER_FACTORY)
	void onMessage(Message message) {
		String routingKey = message.getMessageProperties().getReceivedRoutingKey();
		try {
			UUID conversationId = conversationOf(routingKey);
			InboundMessage inbound = read(message.getBody());
			if (!ConversationService.isUsername(inbound.sender())) {
				throw new ParleyException(ErrorCode.VALIDATION, "sender must be 1-64 letters, digits or . _ @ + -");
			}
			this.publisher.publishFromService(conversationId, inbound.sender(), inbound.content(),
					inbound.clientMessageId(), Transport.AMQP);
		}
		catch (ParleyException ex) {
			deadLetter(message, ex.code() + ": " + ex.getMessage());
		}
	}

	private static UUID conversationOf(@Nullable String routingKey) {
		if (routingKey == null || !routingKey.startsWith("conversation.")) {
			throw new ParleyException(ErrorCode.NOT_FOUND, "routing key must be conversation.<id>, not " + routingKey);
		}
		return ConversationIds.parse(routingKey.substring("conversation.".length()));
	}

	private InboundMessage read(byte[] body) {
		try {
			InboundMessage inbound = this.json.readValue(body, InboundMessage.class);
			if (inbound == null) {
				throw new ParleyException(ErrorCode.BAD_REQUEST, "body is empty");
			}
			return inbound;
		}
		catch (JacksonException ex) {
			throw new ParleyException(ErrorCode.BAD_REQUEST,
					"body is not JSON of the form {\"sender\",\"content\",\"clientMessageId\"?}");
		}
	}

	private void deadLetter(Message message, String reason) {
		logger.info("Dead-lettering an inbound message: " + reason);
		Message dead = MessageBuilder.fromMessage(message).setHeader(ERROR_HEADER, reason).build();
		this.rabbit.send(this.properties.deadLetterExchange(), message.getMessageProperties().getReceivedRoutingKey(),
				dead);
	}

	record InboundMessage(@Nullable String sender, @Nullable String content, @Nullable String clientMessageId) {
	}

}
