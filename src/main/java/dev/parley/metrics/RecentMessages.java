package dev.parley.metrics;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.jspecify.annotations.Nullable;

/**
 * This node's chat messages of the current interval (a second, for the live admin view):
 * how many each conversation got, and how long each took to handle (the same time
 * {@code parley.messages.handling} records). {@link #take()} hands over the interval and
 * starts the next one.
 * <p>
 * Handling times go to an HdrHistogram {@link Recorder} (the histogram library Micrometer
 * itself uses), whose interval swap loses no recording; a percentile is the highest value
 * of its bucket, at most 1 % above the true one and never below. A message's count
 * recorded while the interval is being taken may land in the next one: the figures are
 * for people watching, not for accounting. Only conversations that got a message are
 * held, and only until the next take.
 */
public final class RecentMessages {

	/** Two significant digits: percentiles within 1 %. */
	private static final int SIGNIFICANT_DIGITS = 2;

	private final AtomicReference<Map<UUID, LongAdder>> perConversation = new AtomicReference<>(
			new ConcurrentHashMap<>());

	private final Recorder handling = new Recorder(SIGNIFICANT_DIGITS);

	private @Nullable Histogram recycled;

	void record(UUID conversationId, long handlingNanos) {
		this.perConversation.get().computeIfAbsent(conversationId, id -> new LongAdder()).increment();
		this.handling.recordValue(Math.max(1, TimeUnit.NANOSECONDS.toMicros(handlingNanos)));
	}

	/** The interval so far, and a new one begins; called from one thread at a time. */
	public synchronized Taken take() {
		Map<UUID, LongAdder> interval = this.perConversation.getAndSet(new ConcurrentHashMap<>());
		Map<UUID, Long> counts = new HashMap<>(interval.size());
		interval.forEach((id, count) -> counts.put(id, count.sum()));
		Histogram times = this.handling.getIntervalHistogram(this.recycled);
		this.recycled = times;
		if (times.getTotalCount() == 0) {
			return new Taken(counts, null, null);
		}
		return new Taken(counts, millis(times, 50.0), millis(times, 99.0));
	}

	private static double millis(Histogram times, double percentile) {
		return times.highestEquivalentValue(times.getValueAtPercentile(percentile)) / 1000.0;
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

}
