package dev.parley.metrics;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin view's tally of one interval: messages per conversation, and handling
 * percentiles at most 19 % above the truth and never below it.
 */
class RecentMessagesTests {

	final RecentMessages recent = new RecentMessages();

	@Test
	void countsPerConversationAndStartsAfreshOnEachTake() {
		UUID a = UUID.randomUUID();
		UUID b = UUID.randomUUID();
		this.recent.record(a, ms(1));
		this.recent.record(a, ms(1));
		this.recent.record(b, ms(1));
		RecentMessages.Taken taken = this.recent.take();
		assertThat(taken.perConversation()).containsEntry(a, 2L).containsEntry(b, 1L).hasSize(2);
		assertThat(taken.messages()).isEqualTo(3);

		RecentMessages.Taken next = this.recent.take();
		assertThat(next.perConversation()).isEmpty();
		assertThat(next.handlingP50Millis()).isNull();
		assertThat(next.handlingP99Millis()).isNull();
	}

	@Test
	void percentilesAreWithinOnePercentAndNeverBelow() {
		UUID a = UUID.randomUUID();
		for (int i = 0; i < 98; i++) {
			this.recent.record(a, ms(2));
		}
		this.recent.record(a, ms(100));
		this.recent.record(a, ms(100));
		RecentMessages.Taken taken = this.recent.take();
		assertThat(taken.handlingP50Millis()).isBetween(2.0, 2.0 * 1.01);
		assertThat(taken.handlingP99Millis()).isBetween(100.0, 100.0 * 1.01);
	}

	@Test
	void aTimeBetweenBucketsIsReportedAtOrAbove() {
		this.recent.record(UUID.randomUUID(), TimeUnit.MICROSECONDS.toNanos(1537));
		assertThat(this.recent.take().handlingP99Millis()).isBetween(1.537, 1.537 * 1.01);
	}

	private static long ms(long millis) {
		return TimeUnit.MILLISECONDS.toNanos(millis);
	}

}
