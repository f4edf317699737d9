package dev.parley.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.parley.scheduling.ParleyScheduler;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Deletes messages older than {@code parley.history.retention}, every few minutes, when
 * it is set. Seq numbers are not reused: history then starts at a later seq.
 */
@Component
class HistoryRetention implements DisposableBean {

	private static final Log logger = LogFactory.getLog(HistoryRetention.class);

	private static final Duration INTERVAL = Duration.ofMinutes(5);

	private final @Nullable ScheduledFuture<?> task;

	private final @Nullable Duration retention;

	private final MessageStore store;

	HistoryRetention(HistoryProperties properties, MessageStore store, @ParleyScheduler TaskScheduler scheduler,
			Clock clock) {
		this.retention = properties.retention();
		this.store = store;
		this.task = (this.retention == null) ? null
				: scheduler.scheduleWithFixedDelay(() -> purge(clock.instant()), INTERVAL);
	}

	/**
	 * Delete what is older than the retention at the given time; nothing when no
	 * retention is set.
	 */
	int purge(Instant now) {
		if (this.retention == null) {
			return 0;
		}
		try {
			int deleted = this.store.deleteSentBefore(now.minus(this.retention));
			if (deleted > 0) {
				logger.info("Deleted " + deleted + " messages older than " + this.retention);
			}
			return deleted;
		}
		catch (RuntimeException ex) {
			logger.warn("History retention failed (will retry): " + ex.getMessage());
			return 0;
		}
	}

	@Override
	public void destroy() {
		if (this.task != null) {
			this.task.cancel(false);
		}
	}

}
