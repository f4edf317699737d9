package dev.parley.broker;

import org.junit.jupiter.api.Test;

import dev.parley.support.ParleyTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.TaskExecutor;
import org.springframework.messaging.support.ExecutorSubscribableChannel;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

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

	@Autowired
	@Qualifier(ChannelPoolsConfig.INBOUND)
	TaskExecutor inboundPool;

	@Test
	void eachClientChannelHasItsOwnPool() {
		assertThat(this.inbound.getExecutor()).isSameAs(this.inboundPool);
		assertThat(this.outbound.getExecutor()).isInstanceOf(SessionOrderedExecutor.class);
		assertThat(this.inboundPool).isInstanceOfSatisfying(ThreadPoolTaskExecutor.class,
				pool -> assertThat(pool.getMaxPoolSize()).isEqualTo(32));
	}

}
