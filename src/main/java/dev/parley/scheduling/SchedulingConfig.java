package dev.parley.scheduling;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The node's clock and its one timer scheduler, shared by broker heartbeats and Parley's
 * own timers (typing expiry, presence grace and liveness, history retention).
 */
@Configuration(proxyBeanMethods = false)
class SchedulingConfig {

	/** UTC; services take the time from this bean so that tests can fix it. */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	/**
	 * Two threads; timers must not block (database work they start is short and bounded
	 * by its own timeouts).
	 */
	@Bean(ParleyScheduler.BEAN)
	@ParleyScheduler
	ThreadPoolTaskScheduler parleyScheduler() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setPoolSize(2);
		scheduler.setThreadNamePrefix("parley-timer-");
		scheduler.setRemoveOnCancelPolicy(true);
		scheduler.setWaitForTasksToCompleteOnShutdown(false);
		return scheduler;
	}

}
