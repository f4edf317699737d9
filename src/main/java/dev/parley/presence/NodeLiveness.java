package dev.parley.presence;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.parley.scheduling.ParleyScheduler;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * This node's liveness in the shared database: a heartbeat every
 * {@code parley.presence.node-heartbeat}, and a sweep every
 * {@code parley.presence.sweep-interval} that takes away the sessions of nodes silent for
 * {@code parley.presence.node-timeout} and takes offline the users left online without a
 * session (their announcement was missed). On a clean stop the node removes its own rows.
 */
@Component
class NodeLiveness implements SmartLifecycle {

	/**
	 * Before the web server and the broker start, and after they stop: the node's row
	 * exists before its first session arrives and is removed after its last one has
	 * ended.
	 */
	static final int PHASE = 0;

	private static final Log logger = LogFactory.getLog(NodeLiveness.class);

	private final NodeId nodeId;

	private final PresenceStore store;

	private final PresenceAnnouncer announcer;

	private final TaskScheduler scheduler;

	private final PresenceProperties properties;

	private final Clock clock;

	private List<ScheduledFuture<?>> tasks = List.of();

	private volatile boolean running;

	NodeLiveness(NodeId nodeId, PresenceStore store, PresenceAnnouncer announcer,
			@ParleyScheduler TaskScheduler scheduler, PresenceProperties properties, Clock clock) {
		this.nodeId = nodeId;
		this.store = store;
		this.announcer = announcer;
		this.scheduler = scheduler;
		this.properties = properties;
		this.clock = clock;
	}

	/** The first heartbeat fails the start if the database cannot be written. */
	@Override
	public void start() {
		this.store.heartbeat(this.nodeId.value(), this.clock.instant());
		this.tasks = List.of(this.scheduler.scheduleAtFixedRate(this::heartbeat, this.properties.nodeHeartbeat()),
				this.scheduler.scheduleWithFixedDelay(this::sweep, this.properties.sweepInterval()));
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.tasks.forEach(task -> task.cancel(false));
		this.tasks = List.of();
		try {
			this.store.leave(this.nodeId.value());
		}
		catch (RuntimeException ex) {
			logger.debug("Could not remove this node's presence rows: " + ex.getMessage());
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	private void heartbeat() {
		try {
			this.store.heartbeat(this.nodeId.value(), this.clock.instant());
		}
		catch (RuntimeException ex) {
			logger.warn("Presence heartbeat failed: " + ex.getMessage());
		}
	}

	/**
	 * Take over the sessions of dead nodes, and send users offline whose announcement was
	 * missed.
	 */
	private void sweep() {
		try {
			Instant now = this.clock.instant();
			Instant deadBefore = now.minus(this.properties.nodeTimeout());
			for (String node : this.store.staleNodes(deadBefore)) {
				List<String> users = this.store.reapNode(node, deadBefore, now);
				if (!users.isEmpty()) {
					logger.warn("Node " + node + " stopped without saying goodbye; its " + users.size()
							+ " user(s) lose their sessions there");
				}
			}
			for (String user : this.store.strays(now.minus(this.properties.offlineGrace()))) {
				goOffline(user);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Presence sweep failed: " + ex.getMessage());
		}
	}

	private void goOffline(String user) {
		try {
			Instant now = this.clock.instant();
			if (this.store.goOfflineIfNoSessions(user, now.minus(this.properties.offlineGrace()), now)) {
				this.announcer.announce(user, Status.OFFLINE);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Presence check for " + user + " failed (the sweep will retry): " + ex.getMessage());
		}
	}

}
