package dev.parley.broker;

import java.util.List;
import java.util.UUID;

/**
 * A conversation's stored messages, as bridge mode reads them to re-deliver what a node's
 * subscribers missed while it was not receiving from RabbitMQ. Messages published to a
 * conversation's {@code /topic/conversation.<id>} carry their seq in the broker-channel
 * header {@link #SEQ_HEADER} (a {@code long}; not sent to clients), by which bridge mode
 * tells what each node has delivered.
 */
public interface ConversationLog {

	/** Broker-channel header with the seq of the stored message being published. */
	String SEQ_HEADER = "parley.seq";

	/** The conversation's last seq (0 before its first message, or if it is unknown). */
	long lastSeq(UUID conversationId);

	/**
	 * Stored messages with seq above {@code afterSeq}, ascending, at most {@code limit}.
	 */
	List<Entry> after(UUID conversationId, long afterSeq, int limit);

	/** One stored message: its seq and the payload published for it. */
	record Entry(long seq, Object payload) {
	}

}
