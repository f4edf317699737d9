package dev.parley.limits;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import org.jspecify.annotations.Nullable;

import dev.parley.errors.ErrorCode;
import dev.parley.errors.ParleyException;

import org.springframework.stereotype.Component;

/**
 * Per-user token buckets (Bucket4j): one for chat messages (per minute and per second),
 * one for typing and presence signals. Buckets of users who went quiet are dropped after
 * an hour; the limits are per node.
 */
@Component
public class RateLimiter {

	private static final Duration IDLE_EVICTION = Duration.ofHours(1);

	private final LimitsProperties limits;

	private final @Nullable Cache<String, Bucket> messageBuckets;

	private final @Nullable Cache<String, Bucket> signalBuckets;

	private final List<Bandwidth> messageLimits;

	RateLimiter(LimitsProperties limits) {
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
		this.messageBuckets = messageLimits.isEmpty() ? null : cache();
		this.messageLimits = messageLimits;
		this.signalBuckets = (limits.signalsPerSecond() > 0) ? cache() : null;
	}

	private static Cache<String, Bucket> cache() {
		return Caffeine.newBuilder().expireAfterAccess(IDLE_EVICTION).build();
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
