package dev.parley.support;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

import org.jspecify.annotations.Nullable;

/**
 * A WebSocket client written on a plain TCP socket, for what the JDK's and Tomcat's
 * clients cannot do: end with a TCP reset ({@link #reset()}: SO_LINGER 0, no close
 * frame), end with a bare FIN ({@link #drop()}), or stop reading with a small receive
 * buffer, so that the server's send buffer fills after a few frames instead of megabytes.
 * Reads happen on the caller's thread only; one thread per socket.
 */
public final class TcpWebSocket implements AutoCloseable {

	private static final SecureRandom random = new SecureRandom();

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	private final ByteArrayOutputStream message = new ByteArrayOutputStream();

	private int closeCode = -1;

	private boolean ended;

	private TcpWebSocket(Socket socket) throws IOException {
		this.socket = socket;
		this.in = new java.io.BufferedInputStream(socket.getInputStream());
		this.out = socket.getOutputStream();
	}

	/** A socket to {@code /ws} on loopback, upgraded. */
	public static TcpWebSocket open(int port) throws IOException {
		return open(port, 0);
	}

	/**
	 * The same, with {@code SO_RCVBUF} set before connecting (0: the system's default),
	 * which bounds the TCP window the server may fill.
	 */
	public static TcpWebSocket open(int port, int receiveBuffer) throws IOException {
		Socket socket = new Socket();
		if (receiveBuffer > 0) {
			socket.setReceiveBufferSize(receiveBuffer);
		}
		socket.setTcpNoDelay(true);
		socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
		socket.setSoTimeout((int) StompTestClient.TIMEOUT.toMillis());
		TcpWebSocket webSocket = new TcpWebSocket(socket);
		webSocket.handshake(port);
		return webSocket;
	}

	private void handshake(int port) throws IOException {
		byte[] nonce = new byte[16];
		random.nextBytes(nonce);
		String request = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port
				+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
				+ Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
		this.out.write(request.getBytes(StandardCharsets.US_ASCII));
		this.out.flush();
		StringBuilder head = new StringBuilder();
		while (!head.toString().endsWith("\r\n\r\n")) {
			int b = this.in.read();
			if (b < 0) {
				throw new EOFException("closed during the handshake: " + head);
			}
			head.append((char) b);
		}
		if (!head.toString().startsWith("HTTP/1.1 101")) {
			throw new IOException("handshake refused: " + head);
		}
	}

	/** Send text as one masked WebSocket text message. */
	public void send(String text) throws IOException {
		sendFrame(0x1, text.getBytes(StandardCharsets.UTF_8));
	}

	/** Send bytes as one masked binary message. */
	public void sendBinary(byte[] bytes) throws IOException {
		sendFrame(0x2, bytes);
	}

	private void sendFrame(int opcode, byte[] payload) throws IOException {
		ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
		frame.write(0x80 | opcode);
		if (payload.length < 126) {
			frame.write(0x80 | payload.length);
		}
		else if (payload.length < 65_536) {
			frame.write(0x80 | 126);
			frame.write(payload.length >>> 8);
			frame.write(payload.length & 0xFF);
		}
		else {
			frame.write(0x80 | 127);
			for (int shift = 56; shift >= 0; shift -= 8) {
				frame.write((int) (((long) payload.length >>> shift) & 0xFF));
			}
		}
		byte[] mask = new byte[4];
		random.nextBytes(mask);
		frame.writeBytes(mask);
		for (int i = 0; i < payload.length; i++) {
			frame.write(payload[i] ^ mask[i & 3]);
		}
		synchronized (this.out) {
			this.out.write(frame.toByteArray());
			this.out.flush();
		}
	}

	/** STOMP CONNECT with the token and heartbeats off; returns the server's answer. */
	public @Nullable String connect(String token) throws IOException {
		send("CONNECT\naccept-version:1.2\nhost:parley\nheart-beat:0,0\nAuthorization:Bearer " + token + "\n\n\0");
		return next(StompTestClient.TIMEOUT);
	}

	/**
	 * The next text or binary message (a STOMP frame or a heartbeat), or null once the
	 * connection has ended (a close frame, FIN or reset); fails if none comes in time.
	 */
	public @Nullable String next(Duration timeout) throws IOException {
		if (this.ended) {
			return null;
		}
		this.socket.setSoTimeout((int) timeout.toMillis());
		try {
			while (true) {
				int first = this.in.read();
				if (first < 0) {
					return end();
				}
				int opcode = first & 0x0F;
				boolean fin = (first & 0x80) != 0;
				int second = readByte();
				long length = second & 0x7F;
				if (length == 126) {
					length = (readByte() << 8) | readByte();
				}
				else if (length == 127) {
					length = 0;
					for (int i = 0; i < 8; i++) {
						length = (length << 8) | readByte();
					}
				}
				byte[] payload = this.in.readNBytes((int) length);
				if (payload.length < length) {
					return end();
				}
				switch (opcode) {
					case 0x0, 0x1, 0x2 -> {
						this.message.writeBytes(payload);
						if (fin) {
							String text = this.message.toString(StandardCharsets.UTF_8);
							this.message.reset();
							return text;
						}
					}
					case 0x8 -> {
						this.closeCode = (payload.length >= 2) ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF)
								: 1005;
						return end();
					}
					case 0x9 -> sendFrame(0xA, payload);
					default -> {
						// pong: nothing to do
					}
				}
			}
		}
		catch (SocketTimeoutException ex) {
			throw new AssertionError("no frame from the server within " + timeout, ex);
		}
		catch (IOException ex) {
			// a reset by the server ends the connection as well
			return end();
		}
	}

	private int readByte() throws IOException {
		int b = this.in.read();
		if (b < 0) {
			throw new EOFException();
		}
		return b;
	}

	private @Nullable String end() {
		this.ended = true;
		return null;
	}

	/**
	 * The next message, or null if none came within the timeout or the connection has
	 * ended ({@link #isOpen()} tells which).
	 */
	public @Nullable String poll(Duration timeout) throws IOException {
		try {
			return next(timeout);
		}
		catch (AssertionError timedOut) {
			return null;
		}
	}

	/** Whether the connection has not been seen to end. */
	public boolean isOpen() {
		return !this.ended && !this.socket.isClosed();
	}

	/** The next frame that is not a heartbeat, or null once the connection has ended. */
	public @Nullable String nextFrame(Duration timeout) throws IOException {
		String frame;
		do {
			frame = next(timeout);
		}
		while (frame != null && frame.isBlank());
		return frame;
	}

	/**
	 * Read and discard until the server ends the connection; returns the frames that were
	 * not heartbeats. Fails if it has not ended within the timeout.
	 */
	public java.util.List<String> drainUntilClosed(Duration timeout) throws IOException {
		long deadline = System.nanoTime() + timeout.toNanos();
		java.util.List<String> frames = new java.util.ArrayList<>();
		while (true) {
			long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
			if (System.nanoTime() > deadline) {
				throw new AssertionError("the server did not close the connection within " + timeout);
			}
			String frame = next(Duration.ofMillis(left));
			if (frame == null) {
				return frames;
			}
			if (!frame.isBlank()) {
				frames.add(frame);
			}
		}
	}

	/** The close code the server sent, -1 if none was read. */
	public int closeCode() {
		return this.closeCode;
	}

	/** Send a close frame (1000) and close the socket without waiting for the answer. */
	public void closeNormally() throws IOException {
		try {
			sendFrame(0x8, new byte[] { 0x03, (byte) 0xE8 });
		}
		catch (IOException ex) {
			// already gone
		}
		this.socket.close();
	}

	/** End with a TCP reset: SO_LINGER 0 and close, no close frame, no FIN. */
	public void reset() throws IOException {
		this.socket.setSoLinger(true, 0);
		this.socket.close();
	}

	/** End with a FIN, no close frame (a client that just went away). */
	public void drop() throws IOException {
		this.socket.close();
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
