package dev.parley.broker;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.parley.errors.ConnectionRefusals;

import org.springframework.core.task.TaskExecutor;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.support.MessageHandlingRunnable;

/**
 * The client outbound channel's executor: frames for one session are handled one at a
 * time, in the order they were sent to the channel; different sessions in parallel on the
 * pool.
 * <p>
 * One queue per session holds every frame for it — MESSAGE, RECEIPT, ERROR alike — so
 * order holds across all of them; it stands in for Spring's {@code preservePublishOrder},
 * which loses frames when a RECEIPT bypasses its per-session decorator
 * (docs/guarantees.md, tested by {@code LiveDeliveryTests}).
 * <p>
 * A session's queue holds at most {@code parley.broker.send-buffer-size-limit} bytes of
 * frames: Spring's own buffer limit sits behind this queue and so never sees a backlog. A
 * session whose frames would go over it — a client that stopped reading — has what waits
 * dropped and gets an ERROR frame next, after which Spring closes it; the client
 * reconnects and recovers from history. (A send already stuck in the container ends by
 * the container's send timeout, which {@link BlockingSendTimeout} sets to
 * {@code send-time-limit}.)
 * <p>
 * Sessions with frames waiting are drained by at most {@code drainers} tasks on the pool
 * at once, taking sessions from one queue: a broadcast to a room's subscribers wakes one
 * pool thread, not one per subscriber (each wake-up of a parked thread costs more than
 * writing a small frame: docs/performance.md). Another joins while more than
 * {@link #LANES_PER_DRAINER} sessions wait per running drainer, or while the running ones
 * have taken no session for 2 ms (a write blocked on a client that does not read must not
 * hold up the others).
 */
final class SessionOrderedExecutor implements TaskExecutor {

	private static final Log logger = LogFactory.getLog(SessionOrderedExecutor.class);

	/**
	 * A lane hands its thread back to the pool after this many frames, so that one busy
	 * session cannot hog it.
	 */
	private static final int BATCH = 64;

	/**
	 * Another drainer is started only while more sessions than this wait for each one
	 * running.
	 */
	static final int LANES_PER_DRAINER = 8;

	/** How long running drainers may take no session before another one starts. */
	private static final long STALLED = TimeUnit.MILLISECONDS.toNanos(2);

	private final Executor pool;

	private final int drainers;

	/** Sessions with frames to write, in the order they became ready. */
	private final Queue<Lane> ready = new ConcurrentLinkedQueue<>();

	private final AtomicInteger readyCount = new AtomicInteger();

	private final AtomicInteger running = new AtomicInteger();

	/**
	 * When a drainer last took a session ({@link System#nanoTime()}): while the running
	 * ones take none — a write blocked on a client that does not read — another starts.
	 */
	private volatile long lastTaken = System.nanoTime();

	private final long byteLimit;

	private final Counter slow;

	private final AtomicLong queuedBytes = new AtomicLong();

	private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

	/**
	 * @param pool the threads that write
	 * @param drainers most pool threads writing at once (the pool's size)
	 * @param byteLimit most bytes of frames waiting for one session; 0 for no limit
	 * @param slow counts the sessions closed for going over it
	 */
	SessionOrderedExecutor(Executor pool, int drainers, long byteLimit, Counter slow) {
		this.pool = pool;
		this.drainers = drainers;
		this.byteLimit = byteLimit;
		this.slow = slow;
	}

	/** Bytes of frames waiting in every session's queue, now. */
	long queuedBytes() {
		return this.queuedBytes.get();
	}

	@Override
	public void execute(Runnable task) {
		String session = (task instanceof MessageHandlingRunnable handling)
				? SimpMessageHeaderAccessor.getSessionId(handling.getMessage().getHeaders()) : null;
		if (session == null) {
			this.pool.execute(task);
			return;
		}
		MessageHandlingRunnable handling = (MessageHandlingRunnable) task;
		long bytes = (handling.getMessage().getPayload() instanceof byte[] payload) ? payload.length : 0;
		Lane[] start = new Lane[1];
		boolean[] overflowed = new boolean[1];
		this.lanes.compute(session, (key, lane) -> {
			Lane l = (lane != null) ? lane : new Lane(key);
			if (l.closing) {
				return l; // told and being closed: nothing more for it
			}
			if (this.byteLimit > 0 && !l.queue.isEmpty() && l.bytes + bytes > this.byteLimit) {
				// what waits is dropped, and the session is told and closed next
				this.queuedBytes.addAndGet(-l.bytes);
				l.queue.clear();
				l.bytes = 0;
				l.queue.add(new Queued(tooSlow(key, handling.getMessageHandler()), 0));
				l.closing = true;
				overflowed[0] = true;
			}
			else {
				l.queue.add(new Queued(task, bytes));
				l.bytes += bytes;
				this.queuedBytes.addAndGet(bytes);
			}
			if (!l.running) {
				l.running = true;
				start[0] = l;
			}
			return l;
		});
		if (overflowed[0]) {
			this.slow.increment();
			logger.info("Session " + session + " stopped reading: over " + this.byteLimit
					+ " bytes of frames waited for it; closing it");
		}
		if (start[0] != null) {
			makeReady(start[0]);
		}
		else if (System.nanoTime() - this.lastTaken > STALLED) {
			helpStalled();
		}
	}

	/**
	 * Starts another drainer when the running ones have taken no session for a while and
	 * sessions wait: one of them is most likely blocked writing to a client that does not
	 * read.
	 */
	private void helpStalled() {
		int active;
		while (!this.ready.isEmpty() && (active = this.running.get()) < this.drainers) {
			if (this.running.compareAndSet(active, active + 1)) {
				this.lastTaken = System.nanoTime(); // one helper per stall period
				this.pool.execute(this::drain);
				return;
			}
		}
	}

	private void makeReady(Lane lane) {
		this.ready.add(lane);
		int waiting = this.readyCount.incrementAndGet();
		int active;
		while ((active = this.running.get()) < this.drainers && (active == 0 || waiting > active * LANES_PER_DRAINER
				|| System.nanoTime() - this.lastTaken > STALLED)) {
			if (this.running.compareAndSet(active, active + 1)) {
				this.pool.execute(this::drain);
				return;
			}
		}
	}

	/**
	 * Runs ready sessions until none is left. A drainer that finds the queue empty stops,
	 * then looks once more, so that a session made ready while it was stopping is not
	 * left waiting for the next one.
	 */
	private void drain() {
		while (true) {
			Lane lane = this.ready.poll();
			if (lane == null) {
				this.running.decrementAndGet();
				if (!rejoin()) {
					return;
				}
				continue;
			}
			this.lastTaken = System.nanoTime();
			this.readyCount.decrementAndGet();
			if (lane.runBatch()) {
				this.ready.add(lane); // more to write: after the others that wait
				this.readyCount.incrementAndGet();
			}
		}
	}

	/** After stopping: whether to go on, because sessions wait and a drainer may run. */
	private boolean rejoin() {
		while (!this.ready.isEmpty()) {
			int active = this.running.get();
			if (active >= this.drainers) {
				return false;
			}
			if (this.running.compareAndSet(active, active + 1)) {
				return true;
			}
		}
		return false;
	}

	private Runnable tooSlow(String session, MessageHandler handler) {
		return () -> handler.handleMessage(ConnectionRefusals.errorFrame("Too slow: over " + (this.byteLimit / 1024)
				+ " KB of frames waited for this session, and were dropped; "
				+ "reconnect and recover what you missed from history", session, null));
	}

	/** A frame waiting for its session, and its size. */
	private record Queued(Runnable task, long bytes) {
	}

	/** One session's frames; its state changes only inside the map's compute. */
	private final class Lane {

		private final String session;

		private final Queue<Queued> queue = new ArrayDeque<>();

		private long bytes;

		private boolean running;

		/** Over its limit: told, and to be closed. */
		private boolean closing;

		Lane(String session) {
			this.session = session;
		}

		/**
		 * Writes up to {@link #BATCH} frames, so that one busy session cannot hold a
		 * drainer; returns whether frames are left.
		 */
		boolean runBatch() {
			for (int handled = 0; handled < BATCH; handled++) {
				Queued[] next = new Queued[1];
				SessionOrderedExecutor.this.lanes.compute(this.session, (key, lane) -> {
					next[0] = this.queue.poll();
					if (next[0] == null) {
						this.running = false;
						return null; // idle: forget the session until its next frame
					}
					this.bytes -= next[0].bytes();
					SessionOrderedExecutor.this.queuedBytes.addAndGet(-next[0].bytes());
					return lane;
				});
				if (next[0] == null) {
					return false;
				}
				try {
					next[0].task().run();
				}
				catch (Throwable ex) {
					// the handler has reported it (a failed send closes that session);
					// keep the lane going
					logger.debug("Delivery to session " + this.session + " failed: " + ex.getMessage());
				}
			}
			return true;
		}

	}

}
