package dev.parley.messaging;

import java.util.concurrent.CompletionException;

import dev.parley.stomp.Frames;
import dev.parley.stomp.Receipts;
import dev.parley.conversation.ConversationIds;
import dev.parley.errors.ErrorReporter;
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

	private final ErrorReporter errors;

	MessageController(MessagePublisher publisher, Receipts receipts, ErrorReporter errors) {
		this.publisher = publisher;
		this.receipts = receipts;
		this.errors = errors;
	}

	@MessageMapping("conversation.{id}.send")
	void send(@DestinationVariable String id, @Payload SendMessage payload, Message<?> frame) {
		// refusals are thrown here (and reported by the advice); the RECEIPT, or the store's failure, comes when the
		// group commit completes, without holding this inbound thread (the session's next frame may go on meanwhile:
		// its messages still queue, commit and are published in the order they arrived)
		this.publisher
			.submitFromMember(ConversationIds.parse(id), Frames.user(frame), payload.content(),
					payload.clientMessageId(), Transport.STOMP)
			.whenComplete((message, failure) -> {
				if (failure == null) {
					this.receipts.confirm(frame);
				}
				else {
					this.errors.report(frame, (failure instanceof CompletionException) ? failure.getCause() : failure);
				}
			});
	}

}
