package dev.parley.messaging;

import java.util.concurrent.CompletableFuture;

import dev.parley.conversation.ConversationMember;
import dev.parley.metrics.MessageMetrics.Transport;
import dev.parley.stomp.Accepted;

import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.stereotype.Controller;

/**
 * {@code SEND /app/conversation.<id>.send {"content","clientMessageId"?}}: accepted once
 * the message is stored and published (the RECEIPT follows the group commit without
 * holding an inbound thread).
 */
@Controller
class MessageController {

	private final MessagePublisher publisher;

	MessageController(MessagePublisher publisher) {
		this.publisher = publisher;
	}

	@MessageMapping("conversation.{id}.send")
	CompletableFuture<Accepted> send(ConversationMember member, @Payload SendMessage payload) {
		return this.publisher.submit(member, payload.content(), payload.clientMessageId(), Transport.STOMP)
			.thenApply(Accepted::of);
	}

}
