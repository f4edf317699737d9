package dev.parley.messaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.parley.scheduling.ParleyScheduler;
import dev.parley.storage.H2FileDatabase;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.annotation.Conditional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Keeps the {@link MessageJournal} short and H2 complete. At start, before any message is
 * taken, it restores what the files of an earlier run hold and H2 lacks (a killed process
 * had not written it). Then every second it seals the journal, has H2 write its file
 * ({@code CHECKPOINT}: every commit before the seal is then in it) and deletes the sealed
 * files; it does so once more when the node stops.
 */
@Component
@Conditional(H2FileDatabase.class)
class JournalCheckpoints implements InitializingBean, DisposableBean {

	private static final Log logger = LogFactory.getLog(JournalCheckpoints.class);

	static final Duration INTERVAL = Duration.ofSeconds(1);

	private final MessageJournal journal;

	private final MessageStore store;

	private final JdbcClient jdbc;

	private final TaskScheduler scheduler;

	/** Sealed files not yet deleted, oldest first. */
	private final List<Path> sealed = new ArrayList<>();

	private @Nullable ScheduledFuture<?> task;

	JournalCheckpoints(MessageJournal journal, MessageStore store, JdbcClient jdbc,
			@ParleyScheduler TaskScheduler scheduler) {
		this.journal = journal;
		this.store = store;
		this.jdbc = jdbc;
		this.scheduler = scheduler;
	}

	@Override
	public void afterPropertiesSet() throws IOException {
		restore();
		this.task = this.scheduler.scheduleWithFixedDelay(this::checkpoint, INTERVAL);
	}

	/**
	 * Restores what earlier runs' files hold and H2 lacks; fails the start if it cannot.
	 */
	private void restore() throws IOException {
		List<Path> files = this.journal.leftOver();
		if (files.isEmpty()) {
			return;
		}
		int read = 0;
		int restored = 0;
		for (Path file : files) {
			List<LogEntry> messages = MessageJournal.read(file);
			read += messages.size();
			restored += this.store.restore(messages);
		}
		logger.info("Message journal: " + read + " messages in " + files.size() + " file(s) of an earlier run, "
				+ restored + " of them missing in the database and restored");
		synchronized (this) {
			this.sealed.addAll(files);
		}
		checkpoint();
	}

	/**
	 * Seals the journal, writes H2's file and deletes the sealed files; on failure they
	 * stay, and the next checkpoint (or the next start) tries again.
	 */
	synchronized void checkpoint() {
		try {
			this.sealed.addAll(this.journal.seal());
			if (this.sealed.isEmpty()) {
				return;
			}
			this.jdbc.sql("CHECKPOINT").update();
			for (Path each : this.sealed) {
				Files.deleteIfExists(each);
			}
			this.sealed.clear();
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Message journal checkpoint failed (will retry): " + ex);
		}
	}

	@Override
	public void destroy() {
		if (this.task != null) {
			this.task.cancel(false);
		}
		checkpoint();
	}

}
