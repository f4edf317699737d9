package dev.parley.broker;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.parley.stomp.Destinations;

import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/** What a bridge node counts as delivered, and what it drops as delivered before. */
class BridgeDeliveryLogTests {

	private static final UUID CONVERSATION = UUID.randomUUID();

	/** A store whose conversation's last seq was 10 when tracking began. */
	private final BridgeDeliveryLog log = new BridgeDeliveryLog(new ConversationLog() {
		@Override
		public long lastSeq(UUID conversationId) {
			return 10;
		}

		@Override
		public List<Entry> after(UUID conversationId, long afterSeq, int limit) {
			return List.of();
		}
	}, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));

	@Test
	void aSeqFromRabbitMqOrTheStoreIsDeliveredOnceAndOwnPublicationsAlwaysPass() {
		this.log.bound(BridgeDeliveryLog.key(CONVERSATION));
		assertThat(this.log.preSend(message(11, true), null)).isNotNull();
		assertThat(this.log.preSend(message(11, true), null)).as("a second time").isNull();
		assertThat(this.log.preSend(message(12, false), null)).isNotNull();
		assertThat(this.log.preSend(message(12, true), null)).as("published here, then from the store").isNull();
		assertThat(this.log.preSend(message(9, true), null)).as("older than tracking: cannot tell").isNotNull();
		assertThat(this.log.positions()).containsExactly(new BridgeDeliveryLog.Position(CONVERSATION, 12, 12, false));
	}

	@Test
	void aHoleIsTrackedUntilItIsFilledOrSettled() {
		this.log.bound(BridgeDeliveryLog.key(CONVERSATION));
		this.log.preSend(message(11, true), null);
		this.log.preSend(message(13, true), null);
		this.log.preSend(message(15, true), null);
		assertThat(this.log.holesOlderThan(0))
			.containsExactly(new BridgeDeliveryLog.Position(CONVERSATION, 11, 15, false));
		this.log.preSend(message(12, true), null);
		assertThat(this.log.positions()).containsExactly(new BridgeDeliveryLog.Position(CONVERSATION, 13, 15, false));
		this.log.settle(CONVERSATION, 15);
		assertThat(this.log.holesOlderThan(0)).isEmpty();
		assertThat(this.log.preSend(message(14, true), null)).as("settled").isNull();
	}

	@Test
	void aMessageWithoutSeqFromElsewhereMakesTheLogUnsureAndUnboundKeysAreForgotten() {
		this.log.bound(BridgeDeliveryLog.key(CONVERSATION));
		this.log.bound(BridgeDeliveryLog.key(CONVERSATION) + ".typing");
		Message<byte[]> fromRelayNode = MessageBuilder.createMessage(new byte[0], headers(null, true));
		assertThat(this.log.preSend(fromRelayNode, null)).isNotNull();
		assertThat(this.log.positions()).singleElement().satisfies(p -> assertThat(p.unsure()).isTrue());
		this.log.unbound(BridgeDeliveryLog.key(CONVERSATION));
		assertThat(this.log.positions()).isEmpty();
		assertThat(this.log.preSend(message(11, true), null)).isNotNull();
	}

	private static Message<byte[]> message(long seq, boolean fromElsewhere) {
		return MessageBuilder.createMessage(new byte[0], headers(seq, fromElsewhere));
	}

	private static org.springframework.messaging.MessageHeaders headers(Long seq, boolean fromElsewhere) {
		SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
		headers.setDestination(Destinations.messagesTopic(CONVERSATION));
		if (seq != null) {
			headers.setHeader(ConversationLog.SEQ_HEADER, seq);
		}
		if (fromElsewhere) {
			headers.setHeader(BridgePublisher.BRIDGED_HEADER, Boolean.TRUE);
		}
		return headers.getMessageHeaders();
	}

}
