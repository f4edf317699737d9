package dev.parley.broker;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * One scheduler for broker heartbeats and Parley's own timers (typing expiry, presence grace).
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

}
