package dev.parley.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.parley.support.Api;
import dev.parley.support.Chat;
import dev.parley.support.ParleyTest;
import dev.parley.support.StompTestClient;
import dev.parley.support.StompTestClient.Session;
import dev.parley.support.StompTestClient.Subscription;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that sends without waiting for each RECEIPT (rate limits off, so that hundreds
 * may be in flight).
 */
@ParleyTest
@TestPropertySource(properties = { "parley.limits.messages-per-minute=0", "parley.limits.burst-per-second=0" })
class PipelinedSendTests {

	@LocalServerPort
	int port;

	@Test
	void aSessionsPipelinedSendsAreStoredAndDeliveredInTheOrderSent() {
		// a SEND does not hold its inbound thread until the commit: the session's next
		// frames go on meanwhile, and must still reach the single writer, the history and
		// the subscribers in the order the client sent them
		Api api = new Api(this.port);
		Chat chat = Chat.create(api, "alice");
		int total = 300;
		try (StompTestClient client = StompTestClient.nativeWebSocket(this.port);
				Session session = client.connect(chat.member(0).token())) {
			Subscription messages = session.subscribe(chat.topic());
			List<Session.Receipt> receipts = new ArrayList<>();
			for (int i = 1; i <= total; i++) {
				receipts.add(session.sendWithReceipt(chat.sendDestination(),
						Map.of("content", "m" + i, "clientMessageId", "p" + i)));
			}
			receipts.forEach(Session.Receipt::await);
			List<String> live = new ArrayList<>();
			for (int i = 1; i <= total; i++) {
				live.add(messages.nextJson().get("content").asString());
			}
			JsonNode history = api.get(chat.messagesPath() + "?after=0&limit=500", chat.member(0).token()).json();
			List<String> sent = IntStream.rangeClosed(1, total).mapToObj(i -> "m" + i).toList();
			assertThat(history.valueStream().map(m -> m.get("content").asString()).toList())
				.containsExactlyElementsOf(sent);
			assertThat(DeliveryGuaranteeTests.seqs(history))
				.containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
			assertThat(live).containsExactlyElementsOf(sent);
		}
	}

}
