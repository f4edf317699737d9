package dev.parley.broker;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The thread pools of the two client channels, as beans that {@link StompBrokerConfig}
 * gives the channels explicitly: Spring Boot would otherwise hand them the application's
 * only {@code AsyncTaskExecutor}, which in relay mode is the two-thread timer scheduler.
 */
@Configuration(proxyBeanMethods = false)
class ChannelPoolsConfig {

	/** Bean name of the client inbound channel's pool. */
	static final String INBOUND = "parleyInboundExecutor";

	/** Bean name of the client outbound channel's pool. */
	static final String OUTBOUND = "parleyOutboundExecutor";

	/**
	 * Inbound frames: 32 threads. A frame may wait on the database (a membership lookup,
	 * a presence write), and enough threads let many sends share one group commit instead
	 * of waiting in turn.
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
