package dev.parley.broker;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * One scheduler for broker heartbeats and Parley's own timers (typing expiry, presence grace), and the thread pools of
 * the two client channels.
 * <p>
 * The channel pools are beans given to the channels explicitly. Spring Boot hands the client channels the
 * application's {@code AsyncTaskExecutor} when it finds exactly one — and in relay mode the scheduler above was the
 * only one, so every inbound frame, every delivery and every timer shared its two threads (seen in a relay profile;
 * relay throughput did not measurably change, it is limited elsewhere: docs/performance.md).
 */
@Configuration(proxyBeanMethods = false)
class SchedulingConfig {

	/** Bean name to inject where a timer is needed. */
	static final String SCHEDULER = "parleyScheduler";

	@Bean(SCHEDULER)
	ThreadPoolTaskScheduler parleyScheduler() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setPoolSize(2);
		scheduler.setThreadNamePrefix("parley-timer-");
		scheduler.setRemoveOnCancelPolicy(true);
		scheduler.setWaitForTasksToCompleteOnShutdown(false);
		return scheduler;
	}

	/** Bean name of the client inbound channel's pool. */
	static final String INBOUND = "parleyInboundExecutor";

	/** Bean name of the client outbound channel's pool. */
	static final String OUTBOUND = "parleyOutboundExecutor";

	/**
	 * Inbound frames. A SEND waits for its group commit (MessageWriter) on one of these threads: enough of them let
	 * many sends share one commit, instead of 2 per core waiting in turn.
	 */
	@Bean(INBOUND)
	ThreadPoolTaskExecutor parleyInboundExecutor() {
		return channelPool("clientInboundChannel-", 32);
	}

	/** Deliveries to sockets: Spring's own default size, 2 per core. */
	@Bean(OUTBOUND)
	ThreadPoolTaskExecutor parleyOutboundExecutor() {
		return channelPool("clientOutboundChannel-", 2 * Runtime.getRuntime().availableProcessors());
	}

	private static ThreadPoolTaskExecutor channelPool(String prefix, int threads) {
		ThreadPoolTaskExecutor pool = new ThreadPoolTaskExecutor();
		pool.setCorePoolSize(threads);
		pool.setMaxPoolSize(threads);
		pool.setAllowCoreThreadTimeOut(true);
		pool.setThreadNamePrefix(prefix);
		return pool;
	}

}
