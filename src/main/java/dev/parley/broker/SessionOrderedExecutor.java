package dev.parley.broker;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
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
 */
final class SessionOrderedExecutor implements TaskExecutor {

	private static final Log logger = LogFactory.getLog(SessionOrderedExecutor.class);

	/**
	 * A lane hands its thread back to the pool after this many frames, so that one busy
	 * session cannot hog it.
	 */
	private static final int BATCH = 64;

	private final Executor pool;

	private final long byteLimit;

	private final Counter slow;

	private final AtomicLong queuedBytes = new AtomicLong();

	private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

	SessionOrderedExecutor(Executor pool, long byteLimit, Counter slow) {
		this.pool = pool;
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
			this.pool.execute(start[0]);
		}
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
	private final class Lane implements Runnable {

		private final String session;

		private final Queue<Queued> queue = new ArrayDeque<>();

		private long bytes;

		private boolean running;

		/** Over its limit: told, and to be closed. */
		private boolean closing;

		Lane(String session) {
			this.session = session;
		}

		@Override
		public void run() {
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
					return;
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
			// still running: continue later, after others
			SessionOrderedExecutor.this.pool.execute(this);
		}

	}

}
