package dev.parley.admin;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.parley.scheduling.ParleyScheduler;
import dev.parley.stomp.Destinations;

import org.springframework.context.SmartLifecycle;
import org.springframework.messaging.simp.SimpMessageSendingOperations;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Once a second, sends this node's figures to {@code /topic/admin.stats} through the
 * broker, so that in a cluster (relay or bridge) admins on every node get every node's.
 * <p>
 * It sends whether or not an admin is watching: a node cannot see the subscribers of
 * other nodes, and one message of a few hundred bytes a second per node is cheap (with no
 * subscriber, the simple broker and RabbitMQ drop it at once). Taking the figures reads
 * counters and in-memory maps only; what the database knows ({@link DatabaseStatus}) is
 * asked on a second timer, every five seconds, and remembered.
 */
@Component
class AdminStatsBroadcaster implements SmartLifecycle {

	static final Duration INTERVAL = Duration.ofSeconds(1);

	private static final Log logger = LogFactory.getLog(AdminStatsBroadcaster.class);

	private final AdminStatsCollector collector;

	private final SimpMessageSendingOperations messaging;

	private final DatabaseStatus database;

	private final TaskScheduler scheduler;

	private volatile List<ScheduledFuture<?>> tasks = List.of();

	AdminStatsBroadcaster(AdminStatsCollector collector, SimpMessageSendingOperations messaging,
			DatabaseStatus database, @ParleyScheduler TaskScheduler scheduler) {
		this.collector = collector;
		this.database = database;
		this.messaging = messaging;
		this.scheduler = scheduler;
	}

	void tick() {
		try {
			this.messaging.convertAndSend(Destinations.ADMIN_STATS, this.collector.collect());
		}
		catch (RuntimeException ex) {
			// the broker is away (relay mode, RabbitMQ down): the next tick tries again,
			// and the figures will say so
			logger.debug("Could not send the admin figures: " + ex.getMessage());
		}
	}

	@Override
	public void start() {
		this.tasks = List.of(this.scheduler.scheduleWithFixedDelay(this.database::check, DatabaseStatus.INTERVAL),
				this.scheduler.scheduleAtFixedRate(this::tick, this.scheduler.getClock().instant().plus(INTERVAL),
						INTERVAL));
	}

	@Override
	public void stop() {
		this.tasks.forEach(task -> task.cancel(false));
		this.tasks = List.of();
	}

	@Override
	public boolean isRunning() {
		return !this.tasks.isEmpty();
	}

}
