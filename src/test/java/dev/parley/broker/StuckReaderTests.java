package dev.parley.broker;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import dev.parley.support.Api;
import dev.parley.support.Chat;
import dev.parley.support.ParleyTest;
import dev.parley.support.StompTestClient;
import dev.parley.support.StompTestClient.Session;
import dev.parley.support.StompTestClient.Subscription;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A member whose socket stopped reading, in a conversation receiving large messages,
 * costs at most the send buffer limit (256 KB here) of queued frames, and is closed as
 * too slow, while the others keep receiving everything.
 */
@ParleyTest
@TestPropertySource(properties = { "parley.broker.send-buffer-size-limit=256KB", "parley.limits.messages-per-minute=0",
		"parley.limits.burst-per-second=0" })
class StuckReaderTests {

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry registry;

	@Test
	void aReaderThatStopsCostsBoundedMemoryAndIsClosedWhileOthersGetEverything() throws Exception {
		Chat chat = Chat.create(new Api(this.port), "alice", "bob", "stuck");
		double slowBefore = slowSessions();
		try (StompTestClient client = StompTestClient.nativeWebSocket(this.port);
				Session alice = client.connect(chat.member(0).token());
				Session bob = client.connect(chat.member(1).token());
				StoppedReader stuck = StoppedReader.connect(this.port, chat.member(2).token(), chat.topic())) {
			Subscription atBob = bob.subscribe(chat.topic());
			String content = "x".repeat(9_000);
			int sent = 1_500; // ~13.5 MB to each subscriber, more than the sockets'
								// buffers hold
			List<Long> queued = new ArrayList<>();
			for (int i = 0; i < sent; i++) {
				// at a pace a reading client keeps up with: a receipt every 20 messages
				if (i % 20 == 19) {
					alice.sendWithReceipt(chat.sendDestination(), Map.of("content", content)).await();
					queued.add((long) this.registry.get("parley.outbound.queued.bytes").gauge().value());
				}
				else {
					alice.send(chat.sendDestination(), Map.of("content", content));
				}
			}
			alice.sendWithReceipt(chat.sendDestination(), Map.of("content", "last")).await();
			int received = 0;
			while (!atBob.nextJson().get("content").asString().equals("last")) {
				received++;
				queued.add((long) this.registry.get("parley.outbound.queued.bytes").gauge().value());
			}
			assertThat(received).as("bob, who reads, gets every message").isEqualTo(sent);
			await().atMost(Duration.ofSeconds(30)).until(() -> slowSessions() > slowBefore);
			// the stuck session's queue never held more than its limit and one frame;
			// bob's
			// and alice's frames are counted too, so allow them their share
			assertThat(queued).allSatisfy(bytes -> assertThat(bytes).isLessThan(2 * 256 * 1024 + 64 * 1024));
		}
	}

	private double slowSessions() {
		return this.registry.get("parley.sessions.slow").counter().count();
	}

	/** A raw STOMP client that connects, subscribes, then never reads again. */
	static final class StoppedReader implements AutoCloseable {

		private final WebSocket socket;

		private StoppedReader(WebSocket socket) {
			this.socket = socket;
		}

		static StoppedReader connect(int port, String token, String topic) throws Exception {
			LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
			WebSocket socket = HttpClient.newHttpClient()
				.newWebSocketBuilder()
				.buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() {
					private final StringBuilder text = new StringBuilder();

					@Override
					public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
						this.text.append(data);
						if (last) {
							frames.add(this.text.toString());
							this.text.setLength(0);
						}
						return null; // no request(n): once the receipt is read, nothing
										// more is
					}
				})
				.get(10, TimeUnit.SECONDS);
			socket
				.sendText("CONNECT\naccept-version:1.2\nhost:parley\nheart-beat:0,0\nAuthorization:Bearer " + token
						+ "\n\n\0", true)
				.get(10, TimeUnit.SECONDS);
			assertThat(frames.poll(10, TimeUnit.SECONDS)).startsWith("CONNECTED");
			socket.request(1);
			socket.sendText("SUBSCRIBE\nid:0\ndestination:" + topic + "\nreceipt:r\n\n\0", true)
				.get(10, TimeUnit.SECONDS);
			assertThat(frames.poll(10, TimeUnit.SECONDS)).startsWith("RECEIPT");
			return new StoppedReader(socket);
		}

		@Override
		public void close() {
			this.socket.abort();
		}

	}

}
