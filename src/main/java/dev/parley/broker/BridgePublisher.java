package dev.parley.broker;

import java.util.HashMap;
import java.util.Map;

import com.rabbitmq.client.AMQP;
import io.micrometer.core.instrument.Counter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.parley.stomp.Destinations;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.connection.ThreadChannelConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.util.MimeType;

/**
 * In bridge mode, publishes each message for a conversation destination that this node's
 * code sends to the broker channel to RabbitMQ once ({@code amq.topic}, routing key
 * {@code conversation.<id>[.typing|.presence]}, as relay nodes publish; likewise the
 * node's figures for the admin view, {@code admin.stats}), marked with this node's id,
 * and lets it go on to the local broker, which delivers it to this node's subscribers at
 * once. Messages that arrived from RabbitMQ are not published again.
 * <p>
 * One thread's publications keep their order: the publishing connection gives each thread
 * a channel of its own (RabbitMQ orders per channel), and a conversation's messages are
 * published by the one message writer thread. Publisher confirms are taken without
 * waiting ({@link BridgeConfirms}); a stored message carries its seq
 * ({@code parley-seq}), by which the other nodes find what they missed.
 */
final class BridgePublisher implements ChannelInterceptor, AutoCloseable {

	private static final Log logger = LogFactory.getLog(BridgePublisher.class);

	/** AMQP header naming the node that published a message. */
	static final String NODE_HEADER = "parley-node";

	/** AMQP header with the message's destination on the node that published it. */
	static final String DESTINATION_HEADER = "parley-destination";

	/**
	 * AMQP header with the seq of a stored message ({@link ConversationLog#SEQ_HEADER}).
	 */
	static final String SEQ_HEADER = "parley-seq";

	/**
	 * Message header of a message that came from RabbitMQ or the store, for this node's
	 * subscribers only.
	 */
	static final String BRIDGED_HEADER = "parley.bridged";

	private final ThreadChannelConnectionFactory connection;

	private final RabbitTemplate rabbit;

	private final String nodeId;

	private final BridgeConfirms confirms;

	/** The admin view's figures, published once a second by every node. */
	static final String ADMIN_STATS_KEY = Destinations.clusterRoutingKey(Destinations.ADMIN_STATS);

	private final Counter published;

	private final Counter failed;

	BridgePublisher(ThreadChannelConnectionFactory connection, String nodeId, BridgeConfirms confirms,
			Counter published, Counter failed) {
		this.confirms = confirms;
		this.published = published;
		this.failed = failed;
		this.connection = connection;
		this.rabbit = new RabbitTemplate(connection);
		this.nodeId = nodeId;
	}

	@Override
	public void close() {
		this.connection.destroy();
	}

	@Override
	public Message<?> preSend(Message<?> message, MessageChannel channel) {
		MessageHeaders headers = message.getHeaders();
		if (SimpMessageHeaderAccessor.getMessageType(headers) != SimpMessageType.MESSAGE
				|| headers.containsKey(BRIDGED_HEADER) || !(message.getPayload() instanceof byte[] payload)) {
			return message;
		}
		String destination = SimpMessageHeaderAccessor.getDestination(headers);
		String routingKey = Destinations.clusterRoutingKey(destination);
		if (routingKey == null) {
			routingKey = userRoutingKey(destination, headers);
		}
		if (routingKey != null) {
			publish(routingKey, destination, headers, payload);
		}
		return message;
	}

	private void publish(String routingKey, @Nullable String destination, MessageHeaders headers, byte[] payload) {
		Map<String, Object> amqpHeaders = new HashMap<>(4);
		amqpHeaders.put(NODE_HEADER, this.nodeId);
		amqpHeaders.put(DESTINATION_HEADER, destination);
		if (headers.get(ConversationLog.SEQ_HEADER) instanceof Long seq) {
			amqpHeaders.put(SEQ_HEADER, seq);
		}
		MimeType contentType = contentType(headers);
		AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
			.contentType((contentType != null) ? contentType.toString() : null)
			.headers(amqpHeaders)
			.build();
		try {
			this.rabbit.execute(channel -> {
				this.confirms.beforePublish(channel);
				channel.basicPublish(BridgeBindings.EXCHANGE, routingKey, properties, payload);
				return null;
			});
			if (!ADMIN_STATS_KEY.equals(routingKey)) {
				// the counter is the cluster's conversation and user traffic, not the
				// admin view's own figures
				this.published.increment();
			}
		}
		catch (AmqpException ex) {
			// this node's subscribers still get it; other nodes fill it from the store
			// once a later message shows them the hole
			this.failed.increment();
			logger.warn("Could not publish to RabbitMQ for " + routingKey + ": " + ex.getMessage());
		}
	}

	/**
	 * The key of a message for a user's own queues ({@code /user/<name>/queue/...}),
	 * which every node with a session of the user resolves for its own sessions. One for
	 * a session (an error report) is answered by the node that has the session, and stays
	 * here.
	 */
	private static @Nullable String userRoutingKey(@Nullable String destination, MessageHeaders headers) {
		String prefix = Destinations.USER_PREFIX + "/";
		if (destination == null || !destination.startsWith(prefix)
				|| SimpMessageHeaderAccessor.getSessionId(headers) != null) {
			return null;
		}
		int end = destination.indexOf('/', prefix.length());
		if (end <= prefix.length() || !destination.startsWith(Destinations.QUEUE_PREFIX + "/", end)) {
			return null;
		}
		return BridgeSubscriptionRegistry.userKey(destination.substring(prefix.length(), end));
	}

	private static @Nullable MimeType contentType(MessageHeaders headers) {
		Object type = headers.get(MessageHeaders.CONTENT_TYPE);
		return (type instanceof MimeType mime) ? mime : (type instanceof String text) ? MimeType.valueOf(text) : null;
	}

}
