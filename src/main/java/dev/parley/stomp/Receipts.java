package dev.parley.stomp;

import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;

/**
 * Sends RECEIPT frames for client frames that no broker answers: SENDs to {@code /app}
 * that a handler accepted ({@link AcceptedReturnValueHandler}) and SUBSCRIBEs taken by
 * the simple broker or a handler.
 */
@Component
public class Receipts {

	private static final byte[] EMPTY = new byte[0];

	private final ObjectProvider<MessageChannel> clientOutboundChannel;

	Receipts(@Qualifier("clientOutboundChannel") ObjectProvider<MessageChannel> clientOutboundChannel) {
		this.clientOutboundChannel = clientOutboundChannel;
	}

	/** Send a RECEIPT if the client frame asked for one. */
	public void confirm(Message<?> clientMessage) {
		confirm(clientMessage, Map.of());
	}

	/** Send a RECEIPT with these headers if the client frame asked for one. */
	public void confirm(Message<?> clientMessage, Map<String, String> headers) {
		StompHeaderAccessor client = StompHeaderAccessor.wrap(clientMessage);
		String receipt = client.getReceipt();
		String sessionId = client.getSessionId();
		if (receipt == null || sessionId == null) {
			return;
		}
		StompHeaderAccessor accessor = StompHeaderAccessor.create(StompCommand.RECEIPT);
		accessor.setReceiptId(receipt);
		accessor.setSessionId(sessionId);
		headers.forEach(accessor::setNativeHeader);
		this.clientOutboundChannel.getObject().send(MessageBuilder.createMessage(EMPTY, accessor.getMessageHeaders()));
	}

}
