package dev.parley.messaging;

import java.util.UUID;

import dev.parley.metrics.MessageMetrics.Transport;
import dev.parley.security.Role;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/conversations/{id}/messages}: members and SERVICE accounts post a
 * message; it is published exactly as a STOMP SEND would be.
 */
@RestController
class MessageHttpController {

	private final MessagePublisher publisher;

	MessageHttpController(MessagePublisher publisher) {
		this.publisher = publisher;
	}

	@PostMapping("/api/conversations/{id}/messages")
	@ResponseStatus(HttpStatus.CREATED)
	ChatMessage post(@PathVariable UUID id, @RequestBody SendMessage request, Authentication caller) {
		boolean service = Role.SERVICE.heldBy(caller);
		return service
				? this.publisher.publishFromService(id, caller.getName(), request.content(), request.clientMessageId(),
						MessageIds.parseOptional("replyTo", request.replyTo()), Transport.HTTP)
				: this.publisher.publishFromMember(id, caller.getName(), request.content(), request.clientMessageId(),
						MessageIds.parseOptional("replyTo", request.replyTo()), Transport.HTTP);
	}

}
