package dev.parley.messaging;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import dev.parley.support.Api;
import dev.parley.support.ClusterTest;
import dev.parley.support.ParleyProcess;
import dev.parley.support.StompTestClient;
import dev.parley.support.StompTestClient.Session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node is killed with SIGKILL while a client streams sends; after a restart on the same
 * data, with the client retrying every unacknowledged send under its clientMessageId,
 * every message that got a RECEIPT is in history exactly once, and seq has no gaps.
 */
@ClusterTest
class CrashRecoveryTests {

	@TempDir
	Path dataDir;

	@Test
	void nothingAcknowledgedIsLostOrDoubledAcrossAKill() throws Exception {
		String alice = Api.newUser("alice");
		int total = 200;
		Map<String, Session.Receipt> receipts = new LinkedHashMap<>();
		Set<String> acknowledgedBeforeKill = new HashSet<>();
		UUID conversation;
		try (ParleyProcess first = ParleyProcess.embedded(this.dataDir);
				StompTestClient client = StompTestClient.nativeWebSocket(first.port())) {
			conversation = new Api(first.port()).createConversation(alice);
			Session session = client.connect(Api.token(alice));
			String send = "/app/conversation." + conversation + ".send";
			for (int i = 0; i < total; i++) {
				String id = "c-" + i;
				receipts.put(id,
						session.sendWithReceipt(send, Map.of("content", "message " + i, "clientMessageId", id)));
			}
			await().atMost(Duration.ofSeconds(30))
				.until(() -> receipts.values().stream().filter(Session.Receipt::isReceived).count() >= total / 4);
			first.kill();
			receipts.forEach((id, receipt) -> {
				if (receipt.isReceived()) {
					acknowledgedBeforeKill.add(id);
				}
			});
		}
		assertThat(acknowledgedBeforeKill).hasSizeGreaterThanOrEqualTo(total / 4);

		try (ParleyProcess second = ParleyProcess.embedded(this.dataDir);
				StompTestClient client = StompTestClient.nativeWebSocket(second.port());
				Session session = client.connect(Api.token(alice))) {
			String send = "/app/conversation." + conversation + ".send";
			// the client's outbox: everything without a RECEIPT is sent again, under the
			// same clientMessageId
			List<Session.Receipt> retries = new ArrayList<>();
			receipts.forEach((id, receipt) -> {
				if (!acknowledgedBeforeKill.contains(id)) {
					int i = Integer.parseInt(id.substring(2));
					retries
						.add(session.sendWithReceipt(send, Map.of("content", "message " + i, "clientMessageId", id)));
				}
			});
			retries.forEach(Session.Receipt::await);

			JsonNode history = new Api(second.port())
				.get("/api/conversations/" + conversation + "/messages?after=0&limit=500", Api.token(alice))
				.json();
			List<String> ids = history.valueStream().map(m -> m.get("clientMessageId").asString()).toList();
			assertThat(ids).doesNotHaveDuplicates().hasSize(total).containsAll(acknowledgedBeforeKill);
			assertThat(history.valueStream().map(m -> m.get("seq").asLong()).toList())
				.containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
		}
	}

	/**
	 * H2 writes its file behind its commits; a conversation (not a journaled message) is
	 * written at once all the same, so one created just before a kill is there after it.
	 */
	@Test
	void aConversationCreatedJustBeforeAKillIsThereAfterIt() throws Exception {
		String alice = Api.newUser("alice");
		String bob = Api.newUser("bob");
		UUID conversation;
		try (ParleyProcess first = ParleyProcess.embedded(this.dataDir)) {
			conversation = new Api(first.port()).createConversation(alice, bob);
			first.kill();
		}
		try (ParleyProcess second = ParleyProcess.embedded(this.dataDir)) {
			JsonNode listed = new Api(second.port()).get("/api/conversations", Api.token(bob)).json();
			assertThat(listed.valueStream().map(each -> each.get("id").asString()))
				.containsExactly(conversation.toString());
		}
	}

}
