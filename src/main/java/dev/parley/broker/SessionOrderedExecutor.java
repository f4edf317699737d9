package dev.parley.broker;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.task.TaskExecutor;
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
 */
final class SessionOrderedExecutor implements TaskExecutor {

	private static final Log logger = LogFactory.getLog(SessionOrderedExecutor.class);

	/**
	 * A lane hands its thread back to the pool after this many frames, so that one busy
	 * session cannot hog it.
	 */
	private static final int BATCH = 64;

	private final Executor pool;

	private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

	SessionOrderedExecutor(Executor pool) {
		this.pool = pool;
	}

	@Override
	public void execute(Runnable task) {
		String session = (task instanceof MessageHandlingRunnable handling)
				? SimpMessageHeaderAccessor.getSessionId(handling.getMessage().getHeaders()) : null;
		if (session == null) {
			this.pool.execute(task);
			return;
		}
		Lane[] start = new Lane[1];
		this.lanes.compute(session, (key, lane) -> {
			Lane l = (lane != null) ? lane : new Lane(key);
			l.queue.add(task);
			if (!l.running) {
				l.running = true;
				start[0] = l;
			}
			return l;
		});
		if (start[0] != null) {
			this.pool.execute(start[0]);
		}
	}

	/** One session's frames; its state changes only inside the map's compute. */
	private final class Lane implements Runnable {

		private final String session;

		private final Queue<Runnable> queue = new ArrayDeque<>();

		private boolean running;

		Lane(String session) {
			this.session = session;
		}

		@Override
		public void run() {
			for (int handled = 0; handled < BATCH; handled++) {
				Runnable[] next = new Runnable[1];
				SessionOrderedExecutor.this.lanes.compute(this.session, (key, lane) -> {
					next[0] = this.queue.poll();
					if (next[0] == null) {
						this.running = false;
						return null; // idle: forget the session until its next frame
					}
					return lane;
				});
				if (next[0] == null) {
					return;
				}
				try {
					next[0].run();
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
