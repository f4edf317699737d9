package dev.parley.messaging;

import dev.parley.broker.Frames;
import dev.parley.broker.Receipts;
import dev.parley.conversation.ConversationIds;
import dev.parley.metrics.MessageMetrics.Transport;

import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.DestinationVariable;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.stereotype.Controller;

/**
 * {@code SEND /app/conversation.<id>.send {"content","clientMessageId"?}}.
 */
@Controller
class MessageController {

	private final MessagePublisher publisher;

	private final Receipts receipts;

	MessageController(MessagePublisher publisher, Receipts receipts) {
		this.publisher = publisher;
		this.receipts = receipts;
	}

	@MessageMapping("conversation.{id}.send")
	void send(@DestinationVariable String id, @Payload SendMessage payload, Message<?> frame) {
		this.publisher.publishFromMember(ConversationIds.parse(id), Frames.user(frame), payload.content(),
				payload.clientMessageId(), Transport.STOMP);
		this.receipts.confirm(frame);
	}

}
