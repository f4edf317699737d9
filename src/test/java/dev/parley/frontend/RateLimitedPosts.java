package dev.parley.frontend;

import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;

import dev.parley.support.Api;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Messages the browser tests post over HTTP as another client. Their classes run with
 * small burst limits, so set-up posts that follow each other closely can be refused; a
 * refused post stores nothing, so it is made again once the sender's bucket has refilled.
 */
final class RateLimitedPosts {

	private RateLimitedPosts() {
	}

	static void post(Api api, String sender, Object conversation, String content) {
		Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
			Api.Response posted = api.postJson("/api/conversations/" + conversation + "/messages", Api.token(sender),
					Map.of("content", content));
			if (posted.status() == 429) {
				return false;
			}
			assertThat(posted.status()).as(posted.body()).isEqualTo(201);
			return true;
		});
	}

}
