package dev.parley.limits;

import java.time.Duration;
import java.util.Locale;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import org.jspecify.annotations.Nullable;

import dev.parley.errors.ErrorCode;
import dev.parley.errors.ParleyException;

/**
 * A per-user allowance of some action per second, for features with a limit of their own
 * (a document's ops): a Bucket4j bucket per user, dropped when idle as
 * {@link RateLimiter}'s are. Per node, as all of Parley's rate limits.
 */
public final class UserRateLimit {

	private final int perSecond;

	private final String what;

	private final @Nullable Cache<String, Bucket> buckets;

	private UserRateLimit(int perSecond, String what, Ticker ticker) {
		this.perSecond = perSecond;
		this.what = what;
		this.buckets = (perSecond > 0) ? RateLimiter.cache(ticker) : null;
	}

	/**
	 * @param perSecond how many a user may do per second (also the burst); 0 for no limit
	 * @param what the action, plural, for the refusal ("document ops")
	 */
	public static UserRateLimit perSecond(int perSecond, String what) {
		return new UserRateLimit(perSecond, what, Ticker.systemTicker());
	}

	/**
	 * Take one from the user's allowance.
	 * @throws ParleyException RATE_LIMITED when the user is over the limit
	 */
	public void acquire(String user) {
		if (this.buckets == null) {
			return;
		}
		Bucket bucket = this.buckets.get(user,
				key -> Bucket.builder()
					.addLimit(Bandwidth.builder()
						.capacity(this.perSecond)
						.refillGreedy(this.perSecond, Duration.ofSeconds(1))
						.build())
					.build());
		ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
		if (!probe.isConsumed()) {
			throw new ParleyException(ErrorCode.RATE_LIMITED,
					String.format(Locale.ROOT, "Too many %s (limit: %d per second); retry in %.1f s", this.what,
							this.perSecond, probe.getNanosToWaitForRefill() / 1e9));
		}
	}

}
