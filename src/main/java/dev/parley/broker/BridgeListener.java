package dev.parley.broker;

import io.micrometer.core.instrument.Counter;

import dev.parley.stomp.Destinations;

import org.springframework.amqp.core.MessageListener;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeType;

/**
 * Hands what the node's queue receives to the local broker, which delivers it to this
 * node's subscribers of the destination; the node's own publications, already delivered
 * here, are dropped. One consumer, so each publishing node's order is kept.
 */
final class BridgeListener implements MessageListener {

	private final MessageChannel brokerChannel;

	private final String nodeId;

	private final Counter received;

	BridgeListener(MessageChannel brokerChannel, String nodeId, Counter received) {
		this.brokerChannel = brokerChannel;
		this.nodeId = nodeId;
		this.received = received;
	}

	@Override
	public void onMessage(org.springframework.amqp.core.Message message) {
		var properties = message.getMessageProperties();
		if (this.nodeId.equals(properties.getHeader(BridgePublisher.NODE_HEADER))) {
			return;
		}
		if (!BridgePublisher.ADMIN_STATS_KEY.equals(properties.getReceivedRoutingKey())) {
			this.received.increment();
		}
		SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
		// a user's message keeps its destination (resolved here for this node's
		// sessions);
		// a conversation's is its routing key's, as for messages relay nodes publish
		Object destination = properties.getHeader(BridgePublisher.DESTINATION_HEADER);
		headers.setDestination((destination instanceof String text && text.startsWith("/user/")) ? text
				: Destinations.topic(properties.getReceivedRoutingKey()));
		if (properties.getContentType() != null) {
			headers.setContentType(MimeType.valueOf(properties.getContentType()));
		}
		if (properties.getHeader(BridgePublisher.SEQ_HEADER) instanceof Number seq) {
			headers.setHeader(ConversationLog.SEQ_HEADER, seq.longValue());
		}
		headers.setHeader(BridgePublisher.BRIDGED_HEADER, Boolean.TRUE);
		this.brokerChannel.send(MessageBuilder.createMessage(message.getBody(), headers.getMessageHeaders()));
	}

}
