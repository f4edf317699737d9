package dev.parley.broker;

import org.junit.jupiter.api.Test;

import dev.parley.support.ParleyTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.util.unit.DataSize;
import org.springframework.web.socket.config.WebSocketMessageBrokerStats;
import org.springframework.web.socket.messaging.SubProtocolWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The running application's STOMP handler is {@link BroadcastStompSubProtocolHandler},
 * configured as Spring's own would have been, and it is the one whose figures the metrics
 * report.
 */
@ParleyTest
class BroadcastFramesInstalledTests {

	@Autowired
	SubProtocolWebSocketHandler webSocketHandler;

	@Autowired
	WebSocketMessageBrokerStats stats;

	@Autowired
	StompErrorHandler errorHandler;

	@Autowired
	BrokerProperties broker;

	@Test
	void theStompHandlerIsBroadcastFramesWithSpringsSettings() {
		assertThat(this.webSocketHandler.getProtocolHandlers()).singleElement()
			.isInstanceOfSatisfying(BroadcastStompSubProtocolHandler.class, handler -> {
				assertThat(handler.getMessageSizeLimit()).isEqualTo(this.broker.messageSizeLimit().toBytes())
					// not Spring's default
					.isNotEqualTo(DataSize.ofKilobytes(64).toBytes());
				assertThat(handler.getErrorHandler()).isInstanceOfSatisfying(
						BroadcastStompSubProtocolHandler.InOrderErrors.class,
						errors -> assertThat(errors.delegate()).isSameAs(this.errorHandler));
				assertThat(handler.isPreserveReceiveOrder()).isTrue();
				assertThat(this.stats.getStompSubProtocolStats()).isSameAs(handler.getStats());
			});
	}

}
