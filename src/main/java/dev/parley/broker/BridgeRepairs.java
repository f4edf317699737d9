package dev.parley.broker;

import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.parley.stomp.Destinations;
import dev.parley.stomp.Outbound;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;

/**
 * Re-delivers to this node's subscribers, from the store, the messages they missed:
 * <ul>
 * <li>after the node's receiving from RabbitMQ was interrupted, everything above what it
 * had delivered without a hole, then a {@code repaired} notice on each conversation's
 * topic ({@link RepairNotice}) and a {@link BridgeRepaired} event;
 * <li>a hole that stays open (another node's publish that never arrived), silently.
 * </ul>
 * Re-delivered messages pass the {@link BridgeDeliveryLog}, which drops a seq already
 * delivered, and stay on this node.
 */
final class BridgeRepairs {

	private static final Log logger = LogFactory.getLog(BridgeRepairs.class);

	/** Message header of a repair notice, which the delivery log lets through. */
	static final String NOTICE_HEADER = "parley.repair-notice";

	/** How long a hole may stay open before it is filled from the store. */
	static final long HOLE_AGE_MILLIS = 1000;

	private static final int PAGE = 500;

	/**
	 * Pages re-delivered per conversation and repair, before subscribers are told to
	 * recover.
	 */
	private static final int MAX_PAGES = 20;

	private final BridgeDeliveryLog log;

	private final BridgeBindings bindings;

	private final ConversationLog store;

	private final MessageChannel brokerChannel;

	private final MessageConverter converter;

	private final ApplicationEventPublisher events;

	private final Counter redelivered;

	BridgeRepairs(BridgeDeliveryLog log, BridgeBindings bindings, ConversationLog store, MessageChannel brokerChannel,
			MessageConverter converter, ApplicationEventPublisher events, Counter redelivered) {
		this.log = log;
		this.bindings = bindings;
		this.store = store;
		this.brokerChannel = brokerChannel;
		this.converter = converter;
		this.events = events;
		this.redelivered = redelivered;
	}

	/** After the node receives again: re-deliver what every conversation missed. */
	void afterInterruption() {
		int total = 0;
		int tracked = 0;
		for (BridgeDeliveryLog.Position position : this.log.positions()) {
			UUID id = position.conversationId();
			tracked++;
			try {
				Fill fill = fill(id, position.through(), Long.MAX_VALUE);
				total += fill.redelivered();
				boolean complete = fill.complete() && !position.unsure();
				// told now; the next repair judges what comes after
				this.log.resetUnsure(id);
				notify(new RepairNotice(RepairNotice.TYPE, id, fill.through(), fill.redelivered(), complete));
			}
			catch (RuntimeException ex) {
				logger.warn("Could not re-deliver what conversation " + id + " missed: " + ex.getMessage());
				notify(new RepairNotice(RepairNotice.TYPE, id, position.through(), 0, false));
			}
		}
		logger.info("Bridge repaired: " + total + " message(s) re-delivered in " + tracked + " conversation(s)");
		this.events.publishEvent(new BridgeRepaired(this.bindings.conversations()));
	}

	/** Fill the holes that stayed open longer than {@link #HOLE_AGE_MILLIS}. */
	void fillHoles() {
		for (BridgeDeliveryLog.Position hole : this.log.holesOlderThan(HOLE_AGE_MILLIS)) {
			try {
				fill(hole.conversationId(), hole.through(), hole.highest());
			}
			catch (RuntimeException ex) {
				logger.warn("Could not fill a hole in conversation " + hole.conversationId() + ": " + ex.getMessage());
			}
		}
	}

	/**
	 * Re-delivers stored messages above {@code after} up to {@code upTo}, then counts
	 * everything up to the last one read as delivered.
	 */
	private Fill fill(UUID conversationId, long after, long upTo) {
		long last = after;
		int count = 0;
		for (int page = 0; page < MAX_PAGES && last < upTo; page++) {
			int limit = (int) Math.min(PAGE, upTo - last);
			List<ConversationLog.Entry> entries = this.store.after(conversationId, last, limit);
			for (ConversationLog.Entry entry : entries) {
				if (deliver(conversationId, entry.payload(), entry.seq())) {
					count++;
				}
				last = entry.seq();
			}
			if (entries.size() < limit) {
				// the rest of a hole is not stored (any more): nothing to wait for
				return settled(conversationId, (upTo == Long.MAX_VALUE) ? last : upTo, count, true);
			}
		}
		return settled(conversationId, last, count, last >= upTo);
	}

	private Fill settled(UUID conversationId, long through, int count, boolean complete) {
		this.log.settle(conversationId, through);
		this.redelivered.increment(count);
		return new Fill(through, count, complete);
	}

	private void notify(RepairNotice notice) {
		if (!deliver(notice.conversationId(), notice, null)) {
			logger.warn("Could not send " + notice);
		}
	}

	/** Sends to this node's subscribers only; false if the delivery log dropped it. */
	private boolean deliver(UUID conversationId, Object payload, @Nullable Long seq) {
		SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
		headers.setDestination(Destinations.messagesTopic(conversationId));
		headers.setHeader(BridgePublisher.BRIDGED_HEADER, Boolean.TRUE);
		if (seq != null) {
			headers.setHeader(ConversationLog.SEQ_HEADER, seq);
		}
		else {
			headers.setHeader(NOTICE_HEADER, Boolean.TRUE);
		}
		headers.setLeaveMutable(true);
		Message<?> message = this.converter.toMessage(payload, headers.getMessageHeaders());
		return message != null && this.brokerChannel.send(message);
	}

	private record Fill(long through, int redelivered, boolean complete) {
	}

	/**
	 * {@code {"type":"repaired","conversationId","through","redelivered","complete"}}:
	 * the node receives the conversation again after an interruption and has re-delivered
	 * what its subscribers missed up to {@code through}; when {@code complete} is false
	 * it could not tell, and clients recover from history
	 * ({@code ?after=<their last seq>}).
	 */
	@Outbound(value = "/topic/conversation.{id}", type = RepairNotice.TYPE,
			summary = "Bridge mode: what a node re-delivered after it was not receiving from RabbitMQ")
	record RepairNotice(String type, UUID conversationId, long through, int redelivered, boolean complete) {

		static final String TYPE = "repaired";

	}

}
