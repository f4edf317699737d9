package dev.parley.broker;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import dev.parley.stomp.Destinations;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.ChannelInterceptor;

/**
 * Which stored messages this node has delivered to its subscribers, per conversation with
 * local subscribers of {@code /topic/conversation.<id>}, by seq
 * ({@link ConversationLog#SEQ_HEADER}): the seqs from the conversation's last seq when
 * tracking began up to {@code through} without a hole, and those delivered above a hole.
 * On the broker channel it records each message as it passes and drops one that came from
 * RabbitMQ or the store a second time, so that a subscriber never gets a seq twice from
 * this node, whichever way it came.
 * <p>
 * Seqs are gapless, so a hole is a message this node missed (or one still on its way from
 * another node); {@link BridgeRepairs} fills holes and, after an interruption, everything
 * above {@code through}, from the store.
 */
final class BridgeDeliveryLog implements ChannelInterceptor {

	/** Seqs kept above a hole before the log stops tracking the conversation exactly. */
	static final int MAX_AHEAD = 10_000;

	private static final String PREFIX = "conversation.";

	private final ConversationLog store;

	private final Clock clock;

	private final Map<String, Delivered> conversations = new ConcurrentHashMap<>();

	BridgeDeliveryLog(ConversationLog store, Clock clock) {
		this.store = store;
		this.clock = clock;
	}

	/**
	 * A routing key was bound: a messages key ({@code conversation.<id>}) starts being
	 * tracked from the conversation's last stored seq. Older messages are in the history
	 * that subscribers read after their RECEIPT.
	 */
	void bound(String routingKey) {
		UUID id = messagesOf(routingKey);
		if (id == null) {
			return;
		}
		Delivered delivered;
		try {
			delivered = new Delivered(id, this.store.lastSeq(id));
		}
		catch (RuntimeException ex) {
			// not knowing where it starts, a repair tells subscribers to recover
			delivered = new Delivered(id, Long.MAX_VALUE);
			delivered.unsure();
		}
		this.conversations.put(routingKey, delivered);
	}

	void unbound(String routingKey) {
		this.conversations.remove(routingKey);
	}

	@Override
	public @Nullable Message<?> preSend(Message<?> message, MessageChannel channel) {
		MessageHeaders headers = message.getHeaders();
		if (SimpMessageHeaderAccessor.getMessageType(headers) != SimpMessageType.MESSAGE) {
			return message;
		}
		String key = Destinations.conversationRoutingKey(SimpMessageHeaderAccessor.getDestination(headers));
		Delivered delivered = (key != null) ? this.conversations.get(key) : null;
		if (delivered == null || headers.containsKey(BridgeRepairs.NOTICE_HEADER)) {
			return message;
		}
		boolean fromElsewhere = headers.containsKey(BridgePublisher.BRIDGED_HEADER);
		if (!(headers.get(ConversationLog.SEQ_HEADER) instanceof Long seq)) {
			if (fromElsewhere) {
				// published by a relay node, which does not send seqs
				delivered.unsure();
			}
			return message;
		}
		boolean first = delivered.record(seq, this.clock.millis());
		return (first || !fromElsewhere) ? message : null;
	}

	/** What this node delivered of every tracked conversation, now. */
	List<Position> positions() {
		List<Position> positions = new ArrayList<>();
		this.conversations.values().forEach(delivered -> positions.add(delivered.position()));
		return positions;
	}

	/**
	 * Conversations with a hole older than {@code ageMillis}: the messages below their
	 * highest delivered seq that have not come.
	 */
	List<Position> holesOlderThan(long ageMillis) {
		long before = this.clock.millis() - ageMillis;
		List<Position> holes = new ArrayList<>();
		this.conversations.values().forEach(delivered -> {
			Position position = delivered.holeBefore(before);
			if (position != null) {
				holes.add(position);
			}
		});
		return holes;
	}

	/**
	 * Everything up to {@code seq} counts as delivered (it was re-delivered from the
	 * store, or is not there any more).
	 */
	void settle(UUID conversationId, long seq) {
		Delivered delivered = this.conversations.get(key(conversationId));
		if (delivered != null) {
			delivered.settle(seq);
		}
	}

	/** Forget that a relay node's message was seen (a repair has told subscribers). */
	void resetUnsure(UUID conversationId) {
		Delivered delivered = this.conversations.get(key(conversationId));
		if (delivered != null) {
			delivered.resetUnsure();
		}
	}

	static String key(UUID conversationId) {
		return PREFIX + conversationId;
	}

	/** The conversation of a messages key ({@code conversation.<id>}), or null. */
	private static @Nullable UUID messagesOf(String routingKey) {
		return (routingKey.indexOf('.', PREFIX.length()) < 0) ? conversationOf(routingKey) : null;
	}

	/**
	 * The conversation of any of its keys ({@code conversation.<id>[.<channel>]}), or
	 * null.
	 */
	static @Nullable UUID conversationOf(String routingKey) {
		if (!routingKey.startsWith(PREFIX)) {
			return null;
		}
		int end = routingKey.indexOf('.', PREFIX.length());
		try {
			return UUID.fromString(routingKey.substring(PREFIX.length(), (end < 0) ? routingKey.length() : end));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/**
	 * A conversation's delivery, as of now.
	 *
	 * @param conversationId the conversation
	 * @param through every seq up to this one is delivered (or was before tracking began)
	 * @param highest the highest seq delivered
	 * @param unsure whether a message without a seq came (from a relay node), so that the
	 * log cannot tell subscribers they have everything
	 */
	record Position(UUID conversationId, long through, long highest, boolean unsure) {
	}

	private static final class Delivered {

		private final UUID conversationId;

		/** The conversation's last seq when tracking began. */
		private final long initial;

		private long through;

		private final TreeSet<Long> ahead = new TreeSet<>();

		/** When the oldest hole appeared. */
		private long holeSince;

		private boolean unsure;

		Delivered(UUID conversationId, long initial) {
			this.conversationId = conversationId;
			this.initial = initial;
			this.through = initial;
		}

		/** Records a delivery; false if the seq was delivered before. */
		synchronized boolean record(long seq, long now) {
			if (seq <= this.initial) {
				// older than tracking: the log cannot tell, so it passes
				return true;
			}
			if (seq <= this.through || this.ahead.contains(seq)) {
				return false;
			}
			if (seq == this.through + 1) {
				this.through = seq;
				advance();
			}
			else {
				if (this.ahead.isEmpty()) {
					this.holeSince = now;
				}
				this.ahead.add(seq);
				if (this.ahead.size() > MAX_AHEAD) {
					settle(this.ahead.last());
					this.unsure = true;
				}
			}
			return true;
		}

		synchronized void settle(long seq) {
			if (seq > this.through) {
				this.through = seq;
				this.ahead.headSet(seq, true).clear();
				advance();
			}
		}

		private void advance() {
			while (!this.ahead.isEmpty() && this.ahead.first() == this.through + 1) {
				this.through = this.ahead.pollFirst();
			}
		}

		synchronized void unsure() {
			this.unsure = true;
		}

		synchronized void resetUnsure() {
			this.unsure = false;
		}

		synchronized Position position() {
			long highest = this.ahead.isEmpty() ? this.through : this.ahead.last();
			return new Position(this.conversationId, this.through, highest, this.unsure);
		}

		synchronized @Nullable Position holeBefore(long time) {
			return (!this.ahead.isEmpty() && this.holeSince <= time) ? position() : null;
		}

	}

}
