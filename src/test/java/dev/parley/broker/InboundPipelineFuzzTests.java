package dev.parley.broker;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Tag;

import dev.parley.support.Api;
import dev.parley.support.Chat;
import dev.parley.support.ParleyTest;
import dev.parley.support.RawSocket;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.simp.stomp.BufferingStompDecoder;
import org.springframework.messaging.simp.stomp.StompConversionException;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Fuzzes the inbound pipeline up to the handlers, over a real socket: after CONNECT and a
 * subscription to {@code /user/queue/errors}, the input goes to the server as one
 * WebSocket message, with {@code {conversation}} standing for a conversation the user is
 * in, {@code {other}} for one they are not in and {@code {user}} for their name. Then:
 * <ul>
 * <li>if Parley's decoder refuses the input, the server must answer ERROR and close;</li>
 * <li>if the input ends on a frame boundary, a probe SEND with a receipt must be answered
 * (RECEIPT, or an error report for it) — or the session must have ended with an ERROR or
 * after a DISCONNECT;</li>
 * <li>never may the server report an unexpected failure ("The frame could not be
 * processed", "Internal error").</li>
 * </ul>
 * Rate and session limits are off here, so that the fuzzer reaches the handlers, not the
 * limiters (a closed socket's session ends on the server a moment later).
 *
 * <p>
 * {@code ./mvnw test} replays the committed inputs in
 * {@code src/test/resources/dev/parley/broker/InboundPipelineFuzzTestsInputs}; a long
 * run: see docs/security.md.
 */
@Tag("fuzz")
@ParleyTest
@TestPropertySource(properties = { "parley.limits.messages-per-minute=0", "parley.limits.burst-per-second=0",
		"parley.limits.signals-per-second=0", "parley.limits.sessions-per-user=0", "parley.limits.sessions-per-ip=0" })
class InboundPipelineFuzzTests {

	private static final Duration ANSWER = Duration.ofSeconds(10);

	private static final String PROBE = "SEND\ndestination:/app/presence\nreceipt:probe\n\n{\"status\":\"online\"}\0";

	/** Made once per JVM: a fuzzing run calls the target thousands of times. */
	private static @Nullable Fixture fixture;

	@LocalServerPort
	int port;

	@FuzzTest(maxDuration = "10m")
	void frames(byte[] input) throws Exception {
		Fixture chat = fixture();
		Chat.Member member = chat.conversation().member(0);
		String text = new String(input, StandardCharsets.UTF_8)
			.replace("{conversation}", chat.conversation().id().toString())
			.replace("{other}", chat.other().toString())
			.replace("{user}", member.name());
		Decoded decoded = decode(text);
		try (RawSocket socket = RawSocket.open(this.port)) {
			assertThat(socket.connect(member.token())).startsWith("CONNECTED");
			socket.send("SUBSCRIBE\nid:errors\ndestination:/user/queue/errors\nreceipt:subscribed\n\n\0");
			assertThat(socket.nextFrame()).startsWith("RECEIPT");
			try {
				socket.send(text);
			}
			catch (IllegalStateException | java.io.IOException ex) {
				return; // closed by the server while sending: an answer too
			}
			if (decoded.refusal() != null) {
				awaitErrorAndClose(socket, decoded.refusal());
			}
			else if (!decoded.partial()) {
				probe(socket);
			}
		}
	}

	/**
	 * What Parley's decoder makes of the input, decoded as the server decodes it: a
	 * refusal, or whether a frame is left incomplete.
	 */
	private static Decoded decode(String text) {
		BufferingStompDecoder decoder = new BufferingStompDecoder(new StrictStompDecoder(128 * 1024, 32, 16 * 1024),
				128 * 1024);
		Map<String, Object> session = new HashMap<>(Map.of(StrictStompDecoder.CONNECT_SEEN, Boolean.TRUE));
		Decoded[] decoded = new Decoded[1];
		StrictStompDecoder.decodingFor(session, () -> {
			try {
				decoder.decode(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
				decoded[0] = new Decoded(null, decoder.getBufferSize() > 0);
			}
			catch (StompConversionException ex) {
				decoded[0] = new Decoded(String.valueOf(ex.getMessage()), false);
			}
		});
		return decoded[0];
	}

	/**
	 * @param refusal why the decoder refuses the input, null if it does not
	 * @param partial a frame is left waiting for more
	 */
	private record Decoded(@Nullable String refusal, boolean partial) {
	}

	private static void awaitErrorAndClose(RawSocket socket, String refusal) throws InterruptedException {
		for (String frame = socket.poll(ANSWER); frame != null; frame = socket.poll(ANSWER)) {
			checkNoUnexpectedFailure(frame);
			if (frame.startsWith("ERROR")) {
				socket.awaitClosed();
				return;
			}
		}
		assertThat(socket.isClosed()).as("refused (%s): ERROR and closed", refusal).isTrue();
		fail("closed without an ERROR; the decoder refuses: " + refusal);
	}

	private static void probe(RawSocket socket) throws Exception {
		try {
			socket.send(PROBE);
		}
		catch (IllegalStateException | java.io.IOException ex) {
			return; // the input ended the session (DISCONNECT, ERROR)
		}
		for (String frame = socket.poll(ANSWER); frame != null; frame = socket.poll(ANSWER)) {
			checkNoUnexpectedFailure(frame);
			if (frame.startsWith("RECEIPT") && frame.contains("receipt-id:probe")) {
				return;
			}
			if (frame.startsWith("MESSAGE") && frame.contains("\"receiptId\":\"probe\"")) {
				return; // the probe refused (e.g. over a limit the input used up):
						// answered
			}
			if (frame.startsWith("ERROR")) {
				socket.awaitClosed();
				return;
			}
		}
		assertThat(socket.isClosed()).as("the probe got no answer and the session stayed open").isTrue();
	}

	private static void checkNoUnexpectedFailure(String frame) {
		assertThat(frame).doesNotContain("The frame could not be processed").doesNotContain("Internal error");
	}

	private Fixture fixture() {
		if (fixture == null) {
			Api api = new Api(this.port);
			Chat conversation = Chat.create(api, "fuzz");
			fixture = new Fixture(conversation, api.createConversation(Api.newUser("stranger")));
		}
		return fixture;
	}

	private record Fixture(Chat conversation, java.util.UUID other) {
	}

}
