package dev.parley.notification;

import java.util.Map;

import tools.jackson.databind.JsonNode;

import dev.parley.broker.BrokerAvailability;
import dev.parley.stomp.Destinations;
import dev.parley.errors.ErrorCode;
import dev.parley.errors.ParleyException;
import dev.parley.stomp.Outbound;

import org.springframework.http.HttpStatus;
import org.springframework.messaging.simp.SimpMessageSendingOperations;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/users/{username}/notifications} (SERVICE role): any JSON body is
 * delivered as it is to every session of the user at {@code /user/queue/notifications},
 * on any node (user registry and unresolved-user broadcast in relay mode). Delivery is at
 * most once: a user with no session gets nothing.
 */
@Outbound(value = Destinations.USER_PREFIX + Destinations.NOTIFICATIONS_QUEUE, name = "Notification",
		payload = JsonNode.class, summary = "Whatever JSON a backend service posted for the user, as it was posted")
@RestController
class NotificationController {

	private final SimpMessageSendingOperations messaging;

	private final BrokerAvailability broker;

	NotificationController(SimpMessageSendingOperations messaging, BrokerAvailability broker) {
		this.messaging = messaging;
		this.broker = broker;
	}

	@PostMapping("/api/users/{username}/notifications")
	@ResponseStatus(HttpStatus.ACCEPTED)
	Map<String, String> notify(@PathVariable String username, @RequestBody JsonNode body) {
		if (body.isMissingNode() || body.isNull()) {
			throw new ParleyException(ErrorCode.VALIDATION, "a JSON body is required");
		}
		this.broker.require();
		this.messaging.convertAndSendToUser(username, Destinations.NOTIFICATIONS_QUEUE, body);
		return Map.of("status", "accepted", "user", username);
	}

}
