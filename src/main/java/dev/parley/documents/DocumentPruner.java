package dev.parley.documents;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.parley.scheduling.ParleyScheduler;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Deletes ops older than {@code parley.documents.keep-ops}, every
 * {@code parley.documents.prune-every}. A document's row holds its text at its latest
 * version - the snapshot every load reads - so pruning only shortens how far back a
 * client may catch up by ops; one that comes back from further gets 410 (HTTP) or GONE
 * (STOMP) and reloads.
 */
@Component
class DocumentPruner implements DisposableBean {

	private static final Log logger = LogFactory.getLog(DocumentPruner.class);

	private final DocumentStore store;

	private final DocumentsProperties properties;

	private final ScheduledFuture<?> task;

	DocumentPruner(DocumentStore store, DocumentsProperties properties, @ParleyScheduler TaskScheduler scheduler,
			Clock clock) {
		this.store = store;
		this.properties = properties;
		this.task = scheduler.scheduleWithFixedDelay(() -> prune(clock.instant()), properties.pruneEvery());
	}

	/** Delete the ops older than the time kept, at the given time. */
	int prune(Instant now) {
		try {
			int deleted = this.store.pruneBefore(now.minus(this.properties.keepOps()));
			if (deleted > 0) {
				logger.info("Pruned " + deleted + " document ops older than " + this.properties.keepOps());
			}
			return deleted;
		}
		catch (RuntimeException ex) {
			logger.warn("Pruning document ops failed (will retry): " + ex.getMessage());
			return 0;
		}
	}

	@Override
	public void destroy() {
		this.task.cancel(false);
	}

}
