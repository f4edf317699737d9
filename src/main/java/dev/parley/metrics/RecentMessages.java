package dev.parley.metrics;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

/**
 * This node's chat messages of the current interval (a second, for the live admin view):
 * how many each conversation got, and how long each took to handle (the same time
 * {@code parley.messages.handling} records). {@link #take()} hands over the interval and
 * starts the next one.
 * <p>
 * Recording costs a map lookup and two atomic increments. A message recorded while the
 * interval is being taken may be counted in the next one: the figures are for people
 * watching, not for accounting. Only conversations that got a message are held, and only
 * until the next take.
 */
public final class RecentMessages {

	private final AtomicReference<Interval> current = new AtomicReference<>(new Interval());

	void record(UUID conversationId, long handlingNanos) {
		Interval interval = this.current.get();
		interval.perConversation.computeIfAbsent(conversationId, id -> new LongAdder()).increment();
		interval.handling.record(handlingNanos);
	}

	/** The interval so far, and a new one begins. */
	public Taken take() {
		Interval interval = this.current.getAndSet(new Interval());
		Map<UUID, Long> counts = new java.util.HashMap<>(interval.perConversation.size());
		interval.perConversation.forEach((id, count) -> counts.put(id, count.sum()));
		return new Taken(counts, interval.handling.percentileMillis(0.50), interval.handling.percentileMillis(0.99));
	}

	/**
	 * One interval's messages.
	 *
	 * @param perConversation messages stored, by conversation
	 * @param handlingP50Millis median handling time in ms, null when there was no message
	 * @param handlingP99Millis 99th percentile, null when there was no message
	 */
	public record Taken(Map<UUID, Long> perConversation, @Nullable Double handlingP50Millis,
			@Nullable Double handlingP99Millis) {

		/** Messages stored in the interval, over all conversations. */
		public long messages() {
			return this.perConversation.values().stream().mapToLong(Long::longValue).sum();
		}

	}

	private static final class Interval {

		final Map<UUID, LongAdder> perConversation = new ConcurrentHashMap<>();

		final LogHistogram handling = new LogHistogram();

	}

	/**
	 * Times in buckets four to each power of two of microseconds (each 19 % wider than
	 * the last), from 1 µs to about an hour: a percentile is reported as its bucket's
	 * upper bound, so it is at most 19 % above the true value and never below it.
	 */
	static final class LogHistogram {

		static final int STEPS_PER_DOUBLING = 4;

		static final int BUCKETS = 32 * STEPS_PER_DOUBLING;

		private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

		void record(long nanos) {
			long micros = Math.max(1, TimeUnit.NANOSECONDS.toMicros(nanos));
			double steps = Math.log(micros) / Math.log(2) * STEPS_PER_DOUBLING;
			// the bucket whose upper bound is the first at or above the value
			int bucket = (int) Math.min(BUCKETS - 1, Math.ceil(steps - 1e-9));
			this.counts.incrementAndGet(bucket);
		}

		@Nullable Double percentileMillis(double quantile) {
			long total = 0;
			for (int i = 0; i < BUCKETS; i++) {
				total += this.counts.get(i);
			}
			if (total == 0) {
				return null;
			}
			long rank = (long) Math.ceil(quantile * total);
			long seen = 0;
			for (int i = 0; i < BUCKETS; i++) {
				seen += this.counts.get(i);
				if (seen >= rank) {
					return upperBoundMicros(i) / 1000.0;
				}
			}
			return upperBoundMicros(BUCKETS - 1) / 1000.0;
		}

		static double upperBoundMicros(int bucket) {
			return Math.pow(2, (double) bucket / STEPS_PER_DOUBLING);
		}

	}

}
