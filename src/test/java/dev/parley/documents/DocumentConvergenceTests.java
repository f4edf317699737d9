package dev.parley.documents;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.parley.support.Api;
import dev.parley.support.ParleyTest;
import dev.parley.support.StompTestClient;
import dev.parley.support.StompTestClient.Session;
import dev.parley.support.StompTestClient.Subscription;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many clients edit one document at once through a running node, each as the page does
 * (one op in flight, later edits composed into a buffer, both transformed by every op
 * that arrives; own op acknowledged by its broadcast), with random edits, random pauses
 * and disconnects during which they keep editing; back online, they fetch the ops they
 * missed ({@code …/ops?after=}) and send their pending op again under its
 * {@code clientOpId}. In the end every client holds the server's text, and every edit
 * made offline reached it (each client's ops all have their version).
 */
@ParleyTest
class DocumentConvergenceTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final int CLIENTS = 4;

	static final int EDITS = 40;

	@LocalServerPort
	int port;

	@Test
	void clientsWithRandomDelaysAndReconnectsAllConvergeOnTheServersText() throws Exception {
		Api api = new Api(this.port);
		List<String> users = new ArrayList<>();
		for (int i = 0; i < CLIENTS; i++) {
			users.add(Api.newUser("editor" + i));
		}
		UUID conversation = api.createConversation(users.get(0), users.subList(1, CLIENTS).toArray(String[]::new));
		Api.Response created = api.postJson("/api/conversations/" + conversation + "/documents",
				Api.token(users.get(0)), Map.of("title", "Race"));
		UUID document = UUID.fromString(created.json().get("id").asString());
		StompTestClient stomp = StompTestClient.nativeWebSocket(this.port);
		ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
		try {
			List<Future<Editor>> editors = new ArrayList<>();
			for (int i = 0; i < CLIENTS; i++) {
				long seed = 1000L * i + System.nanoTime() % 1000;
				Editor editor = new Editor(api, stomp, users.get(i), conversation, document, seed);
				editors.add(pool.submit(() -> {
					editor.run();
					return editor;
				}));
			}
			List<Editor> done = new ArrayList<>();
			for (Future<Editor> each : editors) {
				done.add(each.get());
			}
			JsonNode server = api
				.get("/api/conversations/" + conversation + "/documents/" + document, Api.token(users.get(0)))
				.json();
			for (Editor editor : done) {
				editor.settle(server.get("version").asLong());
				assertThat(editor.text)
					.as("%s (seed %d) after %d reconnects", editor.user, editor.seed, editor.reconnects)
					.isEqualTo(server.get("text").asString());
				assertThat(editor.reconnects).isGreaterThanOrEqualTo(2);
				assertThat(editor.acked).as("ops of %s acknowledged", editor.user).isEqualTo(editor.opIds);
			}
			assertThat(server.get("version").asLong()).isGreaterThanOrEqualTo(CLIENTS * 10L);
			for (Editor editor : done) {
				editor.close();
			}
		}
		finally {
			pool.shutdownNow();
			stomp.close();
		}
	}

	/** A client that edits as the page does. */
	static final class Editor {

		final Api api;

		final StompTestClient stomp;

		final String user;

		final UUID conversation;

		final UUID document;

		final Random random;

		final long seed;

		long version;

		String text = "";

		@Nullable Pending inflight;

		@Nullable TextOp buffer;

		@Nullable Session session;

		@Nullable Subscription ops;

		@Nullable Subscription errors;

		int reconnects;

		int opIds;

		int acked;

		Editor(Api api, StompTestClient stomp, String user, UUID conversation, UUID document, long seed) {
			this.api = api;
			this.stomp = stomp;
			this.user = user;
			this.conversation = conversation;
			this.document = document;
			this.random = new Random(seed);
			this.seed = seed;
		}

		void run() {
			connect();
			for (int i = 0; i < EDITS; i++) {
				edit();
				if (this.session != null) {
					flush();
					receive(Duration.ofMillis(this.random.nextInt(60)));
				}
				if (i == EDITS / 3 || i == 2 * EDITS / 3) {
					// offline for a few edits (back first if still away from the last
					// time)
					if (this.session == null) {
						connect();
					}
					disconnect();
				}
				else if (this.session == null && this.random.nextInt(4) == 0) {
					connect();
				}
			}
			if (this.session == null) {
				connect();
			}
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (this.inflight != null || this.buffer != null) {
				assertThat(System.nanoTime()).as("%s's edits confirmed in time", this.user).isLessThan(deadline);
				flush();
				receive(Duration.ofMillis(50));
			}
		}

		/** Receive until at the version. */
		void settle(long version) {
			long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
			while (this.version < version && System.nanoTime() < deadline) {
				receive(Duration.ofMillis(100));
			}
		}

		void close() {
			if (this.session != null) {
				this.session.close();
			}
		}

		private String base() {
			return "/api/conversations/" + this.conversation + "/documents/" + this.document;
		}

		private void edit() {
			int length = this.text.codePointCount(0, this.text.length());
			TextOp op = (length > 600) ? new TextOp(List.of(new TextOp.Delete(length / 2)))
					: TextOpTests.op(this.random, this.text);
			if (op.isNoop()) {
				return;
			}
			this.text = op.apply(this.text);
			this.buffer = (this.buffer != null) ? this.buffer.compose(op) : op;
		}

		private void flush() {
			if (this.inflight == null && this.buffer != null && this.session != null) {
				this.inflight = new Pending(this.buffer, this.user + "-" + (++this.opIds));
				this.buffer = null;
				send();
			}
		}

		private void send() {
			this.session.send("/app/conversation." + this.conversation + ".doc." + this.document + ".op", Map
				.of("version", this.version, "op", this.inflight.op().toJson(), "clientOpId", this.inflight.id()));
		}

		private void connect() {
			this.session = this.stomp.connect(Api.token(this.user));
			this.ops = this.session.subscribe("/topic/conversation." + this.conversation + ".doc." + this.document);
			this.errors = this.session.errors();
			catchUp();
			if (this.inflight != null) {
				// sent again on the version it now applies to; the server answers a
				// repeat
				// with what it stored
				send();
			}
		}

		private void disconnect() {
			this.session.close();
			this.session = null;
			this.ops = null;
			this.reconnects++;
		}

		private void catchUp() {
			Api.Response missed = this.api.get(base() + "/ops?after=" + this.version, Api.token(this.user));
			assertThat(missed.status()).as(missed.body()).isEqualTo(200);
			for (JsonNode event : missed.json()) {
				apply(event);
			}
		}

		private void receive(Duration wait) {
			if (this.ops == null) {
				return;
			}
			// an op refused for the rate (the page waits and sends it again, as here)
			JsonNode error = this.errors.poll(Duration.ZERO);
			if (error != null) {
				assertThat(error.get("code").asString()).as(error.toString()).isEqualTo("RATE_LIMITED");
				if (this.inflight != null) {
					send();
				}
			}
			JsonNode event = this.ops.poll(wait);
			while (event != null) {
				long version = event.get("version").asLong();
				if (version > this.version + 1) {
					catchUp();
				}
				else {
					apply(event);
				}
				event = this.ops.poll(Duration.ZERO);
			}
		}

		/** An op from the server, in order; older ones are ignored. */
		private void apply(JsonNode event) {
			long version = event.get("version").asLong();
			if (version != this.version + 1) {
				assertThat(version).isLessThanOrEqualTo(this.version);
				return;
			}
			this.version = version;
			JsonNode id = event.get("clientOpId");
			if (this.inflight != null && event.get("author").asString().equals(this.user) && id != null
					&& id.asString().equals(this.inflight.id())) {
				this.inflight = null;
				this.acked++;
				return;
			}
			TextOp op = TextOp.fromJson(JSON.treeToValue(event.get("op"), List.class));
			if (this.inflight != null) {
				TextOp mine = this.inflight.op().transform(op, TextOp.Side.LEFT);
				op = op.transform(this.inflight.op(), TextOp.Side.RIGHT);
				this.inflight = new Pending(mine, this.inflight.id());
			}
			if (this.buffer != null) {
				TextOp mine = this.buffer.transform(op, TextOp.Side.LEFT);
				op = op.transform(this.buffer, TextOp.Side.RIGHT);
				this.buffer = mine;
			}
			this.text = op.apply(this.text);
		}

		record Pending(TextOp op, String id) {
		}

	}

}
