package dev.parley.broker;

import org.jspecify.annotations.Nullable;

import dev.parley.stomp.Destinations;
import dev.parley.stomp.Receipts;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.annotation.support.SimpAnnotationMethodMessageHandler;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.simp.user.UserDestinationMessageHandler;
import org.springframework.messaging.support.ExecutorChannelInterceptor;

/**
 * Answers a SUBSCRIBE that carries a {@code receipt} header with a RECEIPT once the
 * subscription is in place, which the simple broker does not do by itself. Clients use it
 * to know that they will see every message published from then on (subscribe, await the
 * receipt, then fetch history).
 * <p>
 * Each inbound frame is handed to every handler; only the one that owns the destination
 * confirms: the broker for {@code /topic} and {@code /queue}, the user destination
 * handler for {@code /user}, and the annotated handlers for {@code /app} (after the
 * snapshot reply has been sent).
 */
final class SubscriptionReceipts implements ExecutorChannelInterceptor {

	private final Receipts receipts;

	/**
	 * With the relay, RabbitMQ answers receipts for broker and user destinations itself.
	 */
	private final boolean relay;

	SubscriptionReceipts(Receipts receipts, boolean relay) {
		this.receipts = receipts;
		this.relay = relay;
	}

	@Override
	public void afterMessageHandled(Message<?> message, MessageChannel channel, MessageHandler handler,
			@Nullable Exception ex) {
		if (ex != null || SimpMessageHeaderAccessor.getMessageType(message.getHeaders()) != SimpMessageType.SUBSCRIBE
				|| StompHeaderAccessor.wrap(message).getReceipt() == null) {
			return;
		}
		String destination = SimpMessageHeaderAccessor.getDestination(message.getHeaders());
		if (destination != null && (!this.relay || destination.startsWith(Destinations.APP_PREFIX + "/"))
				&& owns(handler, destination)) {
			this.receipts.confirm(message);
		}
	}

	private static boolean owns(MessageHandler handler, String destination) {
		if (destination.startsWith(Destinations.USER_PREFIX + "/")) {
			return handler instanceof UserDestinationMessageHandler;
		}
		if (destination.startsWith(Destinations.APP_PREFIX + "/")) {
			return handler instanceof SimpAnnotationMethodMessageHandler;
		}
		return handler instanceof SimpleBrokerMessageHandler;
	}

}
