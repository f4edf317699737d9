package dev.parley.broker;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.MessageHeaderAccessor;

/**
 * Maps each session's user queue ({@code /queue/errors-user<session>}, as Spring resolves
 * {@code /user/queue/errors}) onto {@code /exchange/amq.direct/errors-user<session>} on
 * its way to RabbitMQ.
 * <p>
 * A STOMP {@code /queue/...} destination makes RabbitMQ declare a durable queue that
 * outlives the session, and a late send to it would declare it again. Subscribing through
 * {@code amq.direct} gives an exclusive, auto-delete queue that goes away with the
 * session, and a send to a session that has gone is simply dropped. Clients still
 * subscribe to {@code /user/queue/...} and see that destination on the messages they get.
 */
final class RabbitUserQueues implements ChannelInterceptor {

	static final String EXCHANGE_PREFIX = "/exchange";

	static final String USER_EXCHANGE = EXCHANGE_PREFIX + "/amq.direct/";

	private static final Pattern USER_QUEUE = Pattern.compile("/queue/([^/]+-user[^/]+)");

	@Override
	public Message<?> preSend(Message<?> message, MessageChannel channel) {
		String destination = SimpMessageHeaderAccessor.getDestination(message.getHeaders());
		if (destination == null) {
			return message;
		}
		Matcher matcher = USER_QUEUE.matcher(destination);
		if (!matcher.matches()) {
			return message;
		}
		SimpMessageHeaderAccessor accessor = MessageHeaderAccessor
			.getMutableAccessor(message) instanceof SimpMessageHeaderAccessor simp ? simp
					: SimpMessageHeaderAccessor.wrap(message);
		accessor.setDestination(USER_EXCHANGE + matcher.group(1));
		return MessageBuilder.createMessage(message.getPayload(), accessor.getMessageHeaders());
	}

}
