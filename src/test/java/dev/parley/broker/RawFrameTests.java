package dev.parley.broker;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.parley.support.Api;
import dev.parley.support.ParleyTest;
import dev.parley.support.RawSocket;
import dev.parley.support.StompTestClient;
import dev.parley.support.StompTestClient.Session;
import dev.parley.support.StompTestClient.Subscription;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Frames no library would send: each gets a readable ERROR and only its own connection
 * closes.
 */
@ParleyTest
class RawFrameTests {

	@LocalServerPort
	int port;

	@Test
	void aMalformedFrameGetsAnErrorAndOnlyThatConnectionCloses() throws Exception {
		String alice = Api.newUser("alice");
		UUID conversation = new Api(this.port).createConversation(alice);
		try (StompTestClient client = StompTestClient.nativeWebSocket(this.port);
				Session bystander = client.connect(Api.token(alice));
				RawSocket socket = RawSocket.open(this.port)) {
			Subscription messages = bystander.subscribe("/topic/conversation." + conversation);

			socket.send("SEND\ndestination /app/x\n\n{}\0");
			String error = socket.nextFrame();
			assertThat(error).startsWith("ERROR").contains("message:Malformed STOMP frame");
			assertThat(socket.awaitClosed().getCode()).isEqualTo(CloseStatus.PROTOCOL_ERROR.getCode());

			bystander.sendWithReceipt("/app/conversation." + conversation + ".send", Map.of("content", "still fine"))
				.await();
			assertThat(messages.nextJson().get("content").asString()).isEqualTo("still fine");
		}
	}

	@Test
	void anUnknownCommandGetsAnError() throws Exception {
		try (RawSocket socket = RawSocket.open(this.port)) {
			socket.send("EXPLODE\n\n\0");
			assertThat(socket.nextFrame()).startsWith("ERROR").contains("Malformed STOMP frame: unknown command");
			socket.awaitClosed();
		}
	}

	@Test
	void aFrameBeforeConnectGetsAnError() throws Exception {
		try (RawSocket socket = RawSocket.open(this.port)) {
			socket.send("SEND\ndestination:/app/presence\n\n{\"status\":\"away\"}\0");
			assertThat(socket.nextFrame()).startsWith("ERROR").contains("The first frame must be CONNECT");
			socket.awaitClosed();
		}
	}

	@Test
	void anOversizeFrameGetsAnErrorNotACutConnection() throws Exception {
		try (RawSocket socket = RawSocket.open(this.port)) {
			// the size limit applies before anything else, so this holds for any frame on
			// any socket
			String body = "{\"content\":\"" + "x".repeat(200 * 1024) + "\"}";
			socket.send("SEND\ndestination:/app/presence\ncontent-type:application/json\n\n" + body + "\0");
			assertThat(socket.nextFrame()).startsWith("ERROR").contains("buffer size limit");
			socket.awaitClosed();
		}
	}

	@Test
	void aMessageBeyondTwiceTheFrameLimitClosesOnlyItsOwnSocketAsTooBig() throws Exception {
		try (RawSocket bystander = RawSocket.open(this.port); RawSocket socket = RawSocket.open(this.port)) {
			assertThat(bystander.connect(Api.token(Api.newUser("bystander")))).startsWith("CONNECTED");
			try {
				socket.send("SEND\ndestination:/app/presence\n\n" + "x".repeat(300 * 1024) + "\0");
			}
			catch (IllegalStateException ex) {
				// the server may close the socket while the client is still writing the
				// message's last parts
			}
			assertThat(socket.awaitClosed().getCode()).isEqualTo(1009);
			bystander.send("SEND\ndestination:/app/presence\nreceipt:still-here\n\n{\"status\":\"away\"}\0");
			assertThat(bystander.nextFrame()).startsWith("RECEIPT").contains("still-here");
		}
	}

	@Test
	void aBinaryMessageIsTakenWhenItIsUtf8AndClosesItsSocketWhenItIsNot() throws Exception {
		String token = Api.token(Api.newUser("binary"));
		try (RawSocket valid = RawSocket.open(this.port); RawSocket invalid = RawSocket.open(this.port)) {
			valid.sendBinary(("CONNECT\naccept-version:1.2\nhost:parley\nx-name:caf\u00e9\nAuthorization:Bearer "
					+ token + "\n\n\0")
				.getBytes(java.nio.charset.StandardCharsets.UTF_8));
			assertThat(valid.nextFrame()).startsWith("CONNECTED");

			java.io.ByteArrayOutputStream frame = new java.io.ByteArrayOutputStream();
			frame.writeBytes("CONNECT\naccept-version:1.2\nhost:parley\nx-name:caf".getBytes());
			frame.write(0xC3); // a lead byte without its continuation
			frame.write('(');
			frame.writeBytes(("\nAuthorization:Bearer " + token + "\n\n\0").getBytes());
			invalid.sendBinary(frame.toByteArray());
			CloseStatus closed = invalid.awaitClosed();
			assertThat(closed.getCode()).isEqualTo(CloseStatus.BAD_DATA.getCode());
			assertThat(closed.getReason()).isEqualTo("Binary message is not valid UTF-8");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "-5", "abc", "12x", "99999999999" })
	void aMalformedContentLengthIsRefused(String length) throws Exception {
		try (RawSocket socket = RawSocket.open(this.port)) {
			assertThat(socket.connect(Api.token(Api.newUser("length")))).startsWith("CONNECTED");
			socket.send("SEND\ndestination:/app/presence\ncontent-length:" + length + "\n\n{\"status\":\"away\"}\0");
			assertThat(socket.nextFrame()).startsWith("ERROR")
				.contains("message:Invalid content-length '" + length + "'\\c it must be the body's length in bytes");
			assertThat(socket.awaitClosed().getCode()).isEqualTo(CloseStatus.PROTOCOL_ERROR.getCode());
		}
	}

	@Test
	void aDeclaredLengthOverTheFrameLimitIsRefusedAtOnceNotWhenMoreArrives() throws Exception {
		try (RawSocket socket = RawSocket.open(this.port)) {
			assertThat(socket.connect(Api.token(Api.newUser("length")))).startsWith("CONNECTED");
			// a short frame: Spring's decoder would wait for two gigabytes before
			// checking
			socket.send("SEND\ndestination:/app/presence\ncontent-length:2147483647\n\n{}");
			assertThat(socket.nextFrame()).startsWith("ERROR")
				.contains("message:content-length 2147483647 is over the frame limit of 131072 bytes");
			socket.awaitClosed();
		}
	}

	@Test
	void aFrameWithTooManyHeadersIsRefused() throws Exception {
		try (RawSocket socket = RawSocket.open(this.port)) {
			assertThat(socket.connect(Api.token(Api.newUser("headers")))).startsWith("CONNECTED");
			StringBuilder frame = new StringBuilder("SEND\ndestination:/app/presence\n");
			for (int i = 0; i < 40; i++) {
				frame.append("x-padding-").append(i).append(":x\n");
			}
			socket.send(frame + "\n{\"status\":\"away\"}\0");
			assertThat(socket.nextFrame()).startsWith("ERROR")
				.contains("message:Too many headers\\c the frame carries 41 (limit 32)");
			socket.awaitClosed();
		}
	}

	@Test
	void aHeaderOverTheSizeLimitIsRefused() throws Exception {
		try (RawSocket socket = RawSocket.open(this.port)) {
			assertThat(socket.connect(Api.token(Api.newUser("headers")))).startsWith("CONNECTED");
			socket
				.send("SEND\ndestination:/app/presence\nx-huge:" + "x".repeat(20_000) + "\n\n{\"status\":\"away\"}\0");
			assertThat(socket.nextFrame()).startsWith("ERROR")
				.contains("message:Header too large\\c 'x-huge' is longer than the limit of 16384 characters");
			socket.awaitClosed();
		}
	}

	@Test
	void aFrameMayComeInAFewPiecesButNotInMany() throws Exception {
		try (RawSocket socket = RawSocket.open(this.port)) {
			assertThat(socket.connect(Api.token(Api.newUser("pieces")))).startsWith("CONNECTED");
			for (int i = 0; i < 40; i++) {
				socket.send("\n"); // heartbeats between frames are not pieces
			}
			sendInPieces(socket, "SEND\ndestination:/app/presence\nreceipt:in-eight\n\n{\"status\":\"away\"}\0", 8);
			assertThat(socket.nextFrame()).startsWith("RECEIPT").contains("receipt-id:in-eight");

			sendInPieces(socket, "SEND\ndestination:/app/presence\nreceipt:in-forty\n\n{\"status\":\"away\"}\0", 40);
			assertThat(socket.nextFrame()).startsWith("ERROR")
				.contains("message:A STOMP frame may arrive in at most 32 WebSocket messages");
			socket.awaitClosed();
		}
	}

	private static void sendInPieces(RawSocket socket, String frame, int pieces) throws Exception {
		int size = (frame.length() + pieces - 1) / pieces;
		for (int start = 0; start < frame.length(); start += size) {
			try {
				socket.send(frame.substring(start, Math.min(frame.length(), start + size)));
			}
			catch (IllegalStateException ex) {
				return; // closed by the server while the rest was being sent
			}
		}
	}

	@Test
	void aSubscribeWithoutAnIdIsRefused() throws Exception {
		String alice = Api.newUser("alice");
		UUID conversation = new Api(this.port).createConversation(alice);
		try (RawSocket socket = RawSocket.open(this.port)) {
			assertThat(socket.connect(Api.token(alice))).startsWith("CONNECTED");
			// found by the fuzzer: to a subscribe mapping this failed in the handlers
			socket.send("SUBSCRIBE\ndestination:/app/conversation." + conversation + ".presence\n\n\0");
			assertThat(socket.nextFrame()).startsWith("ERROR")
				.contains("message:Malformed STOMP frame\\c SUBSCRIBE needs the id header");
			socket.awaitClosed();
		}
	}

	@Test
	void aSecondConnectGetsItsOwnError() throws Exception {
		try (RawSocket socket = RawSocket.open(this.port)) {
			String token = Api.token(Api.newUser("twice"));
			assertThat(socket.connect(token)).startsWith("CONNECTED");
			socket.send("CONNECT\naccept-version:1.2\nhost:parley\nAuthorization:Bearer " + token + "\n\n\0");
			assertThat(socket.nextFrame()).startsWith("ERROR")
				.contains("message:Already connected\\c a session sends CONNECT once");
			socket.awaitClosed();
		}
	}

	@Test
	void connectAnswersWithHeartbeatsOfTenSeconds() throws Exception {
		try (RawSocket socket = RawSocket.open(this.port)) {
			socket.send("CONNECT\naccept-version:1.2\nhost:parley\nheart-beat:10000,10000\nAuthorization:Bearer "
					+ Api.token(Api.newUser("hb")) + "\n\n\0");
			assertThat(socket.nextFrame()).startsWith("CONNECTED").contains("heart-beat:10000,10000");
		}
	}

	@Test
	void foreignOriginsCannotOpenTheSocket() {
		assertThatThrownBy(() -> RawSocket.open(this.port, "https://evil.example")).hasStackTraceContaining("403");
	}

	@Test
	void localhostOriginsCanOpenTheSocket() throws Exception {
		try (RawSocket socket = RawSocket.open(this.port, "http://localhost:5173")) {
			assertThat(socket.connect(Api.token(Api.newUser("dev")))).startsWith("CONNECTED");
		}
	}

}
