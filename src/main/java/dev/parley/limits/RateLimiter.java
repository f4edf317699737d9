package dev.parley.limits;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import org.jspecify.annotations.Nullable;

import dev.parley.errors.ErrorCode;
import dev.parley.errors.ParleyException;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Per-user token buckets (Bucket4j): one for chat messages (per minute and per second),
 * one for typing and presence signals; the limits are per node. A user's buckets are
 * dropped once they have been idle for {@link #IDLE_EVICTION}: by then they are full
 * again, so dropping them changes nothing, and the memory they hold lasts no longer than
 * it matters.
 */
@Component
public class RateLimiter {

	/**
	 * Longer than the longest refill (a minute's allowance of messages refills in a
	 * minute).
	 */
	static final Duration IDLE_EVICTION = Duration.ofMinutes(2);

	private final LimitsProperties limits;

	private final @Nullable Cache<String, Bucket> messageBuckets;

	private final @Nullable Cache<String, Bucket> signalBuckets;

	private final List<Bandwidth> messageLimits;

	@Autowired
	RateLimiter(LimitsProperties limits) {
		this(limits, Ticker.systemTicker());
	}

	/** With the clock of idleness given, for tests. */
	RateLimiter(LimitsProperties limits, Ticker ticker) {
		this.limits = limits;
		List<Bandwidth> messageLimits = new ArrayList<>();
		if (limits.messagesPerMinute() > 0) {
			messageLimits.add(Bandwidth.builder()
				.capacity(limits.messagesPerMinute())
				.refillGreedy(limits.messagesPerMinute(), Duration.ofMinutes(1))
				.build());
		}
		if (limits.burstPerSecond() > 0) {
			messageLimits.add(Bandwidth.builder()
				.capacity(limits.burstPerSecond())
				.refillGreedy(limits.burstPerSecond(), Duration.ofSeconds(1))
				.build());
		}
		this.messageBuckets = messageLimits.isEmpty() ? null : cache(ticker);
		this.messageLimits = messageLimits;
		this.signalBuckets = (limits.signalsPerSecond() > 0) ? cache(ticker) : null;
	}

	static Cache<String, Bucket> cache(Ticker ticker) {
		// the scheduler removes idle buckets even when no other user sends anything
		return Caffeine.newBuilder()
			.expireAfterAccess(IDLE_EVICTION)
			.ticker(ticker)
			.scheduler(Scheduler.systemScheduler())
			.build();
	}

	/** Users with buckets held now, idle ones not yet removed included (for tests). */
	long trackedUsers() {
		return size(this.messageBuckets) + size(this.signalBuckets);
	}

	private static long size(@Nullable Cache<String, Bucket> buckets) {
		if (buckets == null) {
			return 0;
		}
		buckets.cleanUp();
		return buckets.estimatedSize();
	}

	/**
	 * Take one chat message from the user's allowance.
	 * @throws ParleyException RATE_LIMITED when the user is over a limit
	 */
	public void acquireMessage(String user) {
		if (this.messageBuckets == null) {
			return;
		}
		Bucket bucket = this.messageBuckets.get(user, key -> {
			var builder = Bucket.builder();
			this.messageLimits.forEach(builder::addLimit);
			return builder.build();
		});
		ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
		if (!probe.isConsumed()) {
			throw new ParleyException(ErrorCode.RATE_LIMITED,
					String.format(Locale.ROOT, "You are sending too fast (limits: %s); retry in %.1f s", describe(),
							probe.getNanosToWaitForRefill() / 1e9));
		}
	}

	/**
	 * Take one typing or presence signal from the user's allowance.
	 * @throws ParleyException RATE_LIMITED when the user is over the limit
	 */
	public void acquireSignal(String user) {
		if (this.signalBuckets == null) {
			return;
		}
		Bucket bucket = this.signalBuckets.get(user,
				key -> Bucket.builder()
					.addLimit(Bandwidth.builder()
						.capacity(this.limits.signalsPerSecond())
						.refillGreedy(this.limits.signalsPerSecond(), Duration.ofSeconds(1))
						.build())
					.build());
		if (!bucket.tryConsume(1)) {
			throw new ParleyException(ErrorCode.RATE_LIMITED,
					"Too many typing or presence updates (limit: " + this.limits.signalsPerSecond() + " per second)");
		}
	}

	private String describe() {
		List<String> parts = new ArrayList<>();
		if (this.limits.messagesPerMinute() > 0) {
			parts.add(this.limits.messagesPerMinute() + " per minute");
		}
		if (this.limits.burstPerSecond() > 0) {
			parts.add(this.limits.burstPerSecond() + " per second");
		}
		return String.join(", ", parts);
	}

}
