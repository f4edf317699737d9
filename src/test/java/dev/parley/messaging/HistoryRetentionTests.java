package dev.parley.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.parley.support.Api;
import dev.parley.support.ParleyTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code parley.history.retention} deletes old messages and keeps the rest; seq numbers
 * go on.
 */
@ParleyTest
@TestPropertySource(properties = "parley.history.retention=1h")
class HistoryRetentionTests {

	@LocalServerPort
	int port;

	@Autowired
	HistoryRetention retention;

	@Test
	void messagesOlderThanTheRetentionAreDeletedAndSeqGoesOn() {
		String alice = Api.newUser("alice");
		Api api = new Api(this.port);
		UUID conversation = api.createConversation(alice);
		String messages = "/api/conversations/" + conversation + "/messages";
		api.postJson(messages, Api.token(alice), Map.of("content", "old"));

		assertThat(this.retention.purge(Instant.now().plus(Duration.ofMinutes(30)))).isZero();
		assertThat(api.get(messages, Api.token(alice)).json()).hasSize(1);

		assertThat(this.retention.purge(Instant.now().plus(Duration.ofHours(2)))).isGreaterThanOrEqualTo(1);
		assertThat(api.get(messages, Api.token(alice)).json()).isEmpty();
		assertThat(api.postJson(messages, Api.token(alice), Map.of("content", "new")).json().get("seq").asLong())
			.isEqualTo(2);
	}

}
