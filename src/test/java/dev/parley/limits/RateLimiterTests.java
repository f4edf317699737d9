package dev.parley.limits;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.parley.errors.ErrorCode;
import dev.parley.errors.ParleyException;
import dev.parley.support.Settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A user's buckets live only as long as they matter: once idle past the longest refill
 * they would be full again, so they are dropped.
 */
class RateLimiterTests {

	private final AtomicLong nanos = new AtomicLong();

	private final RateLimiter limiter = new RateLimiter(
			Settings.bind("parley.limits", LimitsProperties.class,
					Map.of("parley.limits.messages-per-minute", "2", "parley.limits.burst-per-second", "0")),
			this.nanos::get);

	@Test
	void aUsersBucketsAreDroppedOnceIdleLongerThanTheirRefill() {
		this.limiter.acquireMessage("alice");
		this.limiter.acquireMessage("alice");
		assertThatThrownBy(() -> this.limiter.acquireMessage("alice")).isInstanceOfSatisfying(ParleyException.class,
				ex -> assertThat(ex.code()).isEqualTo(ErrorCode.RATE_LIMITED));
		this.limiter.acquireSignal("bob");
		assertThat(this.limiter.trackedUsers()).isEqualTo(2);

		// the longest refill is a minute's: two minutes idle and a bucket is full again
		this.nanos.addAndGet(Duration.ofMinutes(2).minusSeconds(1).toNanos());
		assertThat(this.limiter.trackedUsers()).as("still within the idle time").isEqualTo(2);

		this.nanos.addAndGet(Duration.ofSeconds(2).toNanos());
		assertThat(this.limiter.trackedUsers()).isZero();
	}

}
