package dev.parley.storage;

import java.util.function.Supplier;

/**
 * Marks the transactions of the current thread whose durability the caller provides
 * itself (the message journal), so that committing them does not also write the H2 file
 * at once ({@link CheckpointingTransactionManager}). Every other write transaction on the
 * embedded database is written to its file before its commit returns.
 */
public final class JournaledCommits {

	private static final ThreadLocal<Boolean> active = new ThreadLocal<>();

	private JournaledCommits() {
	}

	/**
	 * Runs the work, whose transactions the caller makes durable once it returns.
	 * @param <T> what the work returns
	 * @param work transactional work
	 * @return what the work returned
	 */
	public static <T> T call(Supplier<T> work) {
		active.set(Boolean.TRUE);
		try {
			return work.get();
		}
		finally {
			active.remove();
		}
	}

	static boolean isActive() {
		return active.get() != null;
	}

}
