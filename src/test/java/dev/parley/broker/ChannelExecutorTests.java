package dev.parley.broker;

import org.junit.jupiter.api.Test;

import dev.parley.support.ParleyTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.messaging.support.ExecutorSubscribableChannel;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client channels run on Parley's own executors, whatever other executors the context
 * holds: Spring Boot gives them the application's executor when it finds exactly one, and
 * in relay mode that was the two-thread timer scheduler.
 */
@ParleyTest
class ChannelExecutorTests {

	@Autowired
	@Qualifier("clientInboundChannel")
	ExecutorSubscribableChannel inbound;

	@Autowired
	@Qualifier("clientOutboundChannel")
	ExecutorSubscribableChannel outbound;

	@Test
	void eachClientChannelHasItsOwnExecutor() {
		// inbound frames are handled on the thread that read them (inbound-threads 0)
		assertThat(this.inbound.getExecutor()).isInstanceOf(ChannelPoolsConfig.CallerRunsExecutor.class);
		assertThat(this.outbound.getExecutor()).isInstanceOf(SessionOrderedExecutor.class);
	}

}
