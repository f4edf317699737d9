package dev.parley.broker;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.Inflater;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.parley.support.Api;
import dev.parley.support.ParleyTest;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser's offer of {@code permessage-deflate} is declined by default, and accepted —
 * frames then really are compressed — with {@code parley.broker.compression=true}.
 */
class CompressionTests {

	/** What every browser sends. */
	static final String BROWSER_OFFER = "permessage-deflate; client_max_window_bits";

	@Nested
	@ParleyTest
	class ByDefault {

		@LocalServerPort
		int port;

		@Test
		void theOfferIsDeclinedAndFramesAreSentPlain() throws Exception {
			try (Handshake socket = Handshake.open(this.port)) {
				assertThat(socket.responseHead).startsWith("HTTP/1.1 101")
					.doesNotContainIgnoringCase("Sec-WebSocket-Extensions");
				Frame connected = socket.connect();
				assertThat(connected.compressed()).isFalse();
				assertThat(connected.text()).startsWith("CONNECTED");
			}
		}

	}

	@Nested
	@ParleyTest
	@TestPropertySource(properties = "parley.broker.compression=true")
	class WhenOn {

		@LocalServerPort
		int port;

		@Test
		void theOfferIsAcceptedAndFramesAreCompressed() throws Exception {
			try (Handshake socket = Handshake.open(this.port)) {
				assertThat(socket.responseHead).startsWith("HTTP/1.1 101").containsIgnoringCase("permessage-deflate");
				Frame connected = socket.connect();
				assertThat(connected.compressed()).isTrue();
				assertThat(connected.text()).startsWith("CONNECTED");
			}
		}

	}

	/** One server frame: whether RSV1 (compressed) was set, and its text. */
	record Frame(boolean compressed, String text) {
	}

	/** A raw WebSocket on {@code /ws} that offers compression as a browser does. */
	static final class Handshake implements AutoCloseable {

		final Socket socket;

		final String responseHead;

		private final DataInputStream in;

		private final OutputStream out;

		private Handshake(Socket socket, String responseHead, DataInputStream in, OutputStream out) {
			this.socket = socket;
			this.responseHead = responseHead;
			this.in = in;
			this.out = out;
		}

		static Handshake open(int port) throws IOException {
			Socket socket = new Socket();
			socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
			socket.setSoTimeout(10_000);
			byte[] nonce = new byte[16];
			ThreadLocalRandom.current().nextBytes(nonce);
			OutputStream out = socket.getOutputStream();
			out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port
					+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
					+ Base64.getEncoder().encodeToString(nonce)
					+ "\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: v12.stomp\r\nSec-WebSocket-Extensions: "
					+ BROWSER_OFFER + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			DataInputStream in = new DataInputStream(socket.getInputStream());
			StringBuilder head = new StringBuilder();
			while (!head.toString().endsWith("\r\n\r\n")) {
				head.append((char) in.readUnsignedByte());
			}
			return new Handshake(socket, head.toString(), in, out);
		}

		/**
		 * Sends CONNECT (uncompressed, as a client may) and returns the first frame back.
		 */
		Frame connect() throws Exception {
			byte[] payload = ("CONNECT\naccept-version:1.2\nAuthorization:Bearer " + Api.token("deflate-user")
					+ "\n\n\0")
				.getBytes(StandardCharsets.UTF_8);
			ByteArrayOutputStream frame = new ByteArrayOutputStream();
			frame.write(0x81);
			if (payload.length < 126) {
				frame.write(0x80 | payload.length);
			}
			else {
				frame.write(0x80 | 126);
				frame.write(payload.length >> 8);
				frame.write(payload.length & 0xff);
			}
			byte[] mask = { 1, 2, 3, 4 };
			frame.write(mask);
			for (int i = 0; i < payload.length; i++) {
				frame.write(payload[i] ^ mask[i % 4]);
			}
			this.out.write(frame.toByteArray());
			this.out.flush();
			return read();
		}

		private Frame read() throws Exception {
			int first = this.in.readUnsignedByte();
			boolean compressed = (first & 0x40) != 0;
			long length = this.in.readUnsignedByte() & 0x7f;
			if (length == 126) {
				length = this.in.readUnsignedShort();
			}
			else if (length == 127) {
				length = this.in.readLong();
			}
			byte[] data = new byte[Math.toIntExact(length)];
			this.in.readFully(data);
			if (!compressed) {
				return new Frame(false, new String(data, StandardCharsets.UTF_8));
			}
			Inflater inflater = new Inflater(true);
			inflater.setInput(concat(data, new byte[] { 0, 0, (byte) 0xff, (byte) 0xff }));
			byte[] text = new byte[64 * 1024];
			int n = inflater.inflate(text);
			inflater.end();
			return new Frame(true, new String(text, 0, n, StandardCharsets.UTF_8));
		}

		private static byte[] concat(byte[] a, byte[] b) {
			byte[] all = new byte[a.length + b.length];
			System.arraycopy(a, 0, all, 0, a.length);
			System.arraycopy(b, 0, all, a.length, b.length);
			return all;
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

}
