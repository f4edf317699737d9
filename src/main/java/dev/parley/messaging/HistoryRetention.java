package dev.parley.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Deletes messages older than {@code parley.history.retention}, every few minutes, when it is set. Seq numbers are
 * not reused: history then starts at a later seq.
 */
@Component
class HistoryRetention implements DisposableBean {

	private static final Log logger = LogFactory.getLog(HistoryRetention.class);

	private static final Duration INTERVAL = Duration.ofMinutes(5);

	private final @Nullable ScheduledFuture<?> task;

	HistoryRetention(HistoryProperties properties, MessageStore store,
			@Qualifier("parleyScheduler") TaskScheduler scheduler) {
		Duration retention = properties.retention();
		this.task = (retention == null) ? null : scheduler.scheduleWithFixedDelay(() -> {
			try {
				int deleted = store.deleteSentBefore(Instant.now().minus(retention));
				if (deleted > 0) {
					logger.info("Deleted " + deleted + " messages older than " + retention);
				}
			}
			catch (RuntimeException ex) {
				logger.warn("History retention failed (will retry): " + ex.getMessage());
			}
		}, INTERVAL);
	}

	@Override
	public void destroy() {
		if (this.task != null) {
			this.task.cancel(false);
		}
	}

}
