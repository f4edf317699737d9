package dev.parley.soak;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import dev.parley.support.StompTestClient;
import dev.parley.support.TcpWebSocket;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A STOMP session on a {@link TcpWebSocket}, read on the caller's thread: frames that
 * arrive while it waits for one are kept in its inbox, so one thread can drive several
 * sessions in turn. It can leave in each way a client can.
 */
final class Wire implements AutoCloseable {

	static final Duration TIMEOUT = StompTestClient.TIMEOUT;

	private final TcpWebSocket socket;

	private final List<Frame> inbox = new ArrayList<>();

	private int ids;

	private boolean ended;

	private Wire(TcpWebSocket socket) {
		this.socket = socket;
	}

	/** A connected session; fails unless the answer is CONNECTED. */
	static Wire connect(int port, String token) throws IOException {
		return connect(port, token, 0);
	}

	/** The same, with the socket's receive buffer set (0: the default). */
	static Wire connect(int port, String token, int receiveBuffer) throws IOException {
		TcpWebSocket socket = TcpWebSocket.open(port, receiveBuffer);
		String answer = socket.connect(token);
		assertThat(answer).as("the answer to CONNECT").isNotNull().startsWith("CONNECTED");
		return new Wire(socket);
	}

	TcpWebSocket socket() {
		return this.socket;
	}

	/** SUBSCRIBE with a receipt, and wait for it. */
	void subscribe(String destination) throws IOException {
		String receipt = subscribeAsync(destination);
		awaitReceipt(receipt);
	}

	/** SUBSCRIBE with a receipt; returns the receipt id, not waiting for it. */
	String subscribeAsync(String destination) throws IOException {
		int id = ++this.ids;
		String receipt = "s-" + id;
		this.socket.send("SUBSCRIBE\nid:" + id + "\ndestination:" + destination + "\nreceipt:" + receipt + "\n\n\0");
		return receipt;
	}

	void unsubscribe(int id) throws IOException {
		this.socket.send("UNSUBSCRIBE\nid:" + id + "\n\n\0");
	}

	/** SEND a JSON body with a receipt; returns the receipt id. */
	String send(String destination, String json) throws IOException {
		String receipt = "r-" + (++this.ids);
		this.socket.send("SEND\ndestination:" + destination + "\ncontent-type:application/json\nreceipt:" + receipt
				+ "\n\n" + json + "\0");
		return receipt;
	}

	/** SEND a JSON body without a receipt. */
	void sendQuietly(String destination, String json) throws IOException {
		this.socket.send("SEND\ndestination:" + destination + "\ncontent-type:application/json\n\n" + json + "\0");
	}

	/** {@code SEND /app/session.refresh} with the token; returns the receipt id. */
	String refresh(String token) throws IOException {
		String receipt = "refresh-" + (++this.ids);
		this.socket.send("SEND\ndestination:/app/session.refresh\nAuthorization:Bearer " + token + "\nreceipt:"
				+ receipt + "\n\n\0");
		return receipt;
	}

	/** Wait for the RECEIPT; fails on an ERROR frame or if the connection ends first. */
	void awaitReceipt(String receipt) throws IOException {
		Frame frame = await(f -> f.command().equals("ERROR")
				|| f.command().equals("RECEIPT") && receipt.equals(f.headers().get("receipt-id")));
		assertThat(frame.command()).as("the answer to %s: %s", receipt, frame).isEqualTo("RECEIPT");
	}

	/** Wait for a MESSAGE on {@code /user/queue/errors} naming the receipt. */
	Frame awaitErrorFor(String receipt) throws IOException {
		return await(f -> f.command().equals("ERROR")
				|| f.command().equals("RECEIPT") && receipt.equals(f.headers().get("receipt-id"))
				|| f.command().equals("MESSAGE") && f.body().contains("\"receiptId\":\"" + receipt + "\""));
	}

	/** Wait until MESSAGE frames with each of these client message ids have come. */
	void awaitMessages(Set<String> clientMessageIds) throws IOException {
		for (String id : clientMessageIds) {
			await(f -> f.command().equals("MESSAGE") && f.body().contains("\"clientMessageId\":\"" + id + "\""));
		}
	}

	/**
	 * The first frame, kept or new, that matches; frames that do not match stay in the
	 * inbox. Fails if the connection ends or nothing matches in time.
	 */
	Frame await(Predicate<Frame> condition) throws IOException {
		for (int i = 0; i < this.inbox.size(); i++) {
			if (condition.test(this.inbox.get(i))) {
				return this.inbox.remove(i);
			}
		}
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (true) {
			long left = (deadline - System.nanoTime()) / 1_000_000;
			assertThat(left).as("a matching frame within %s; inbox %s", TIMEOUT, this.inbox).isPositive();
			String text = this.socket.next(Duration.ofMillis(left));
			assertThat(text).as("a matching frame before the connection ended; inbox %s", this.inbox).isNotNull();
			if (text.isBlank()) {
				continue;
			}
			Frame frame = Frame.parse(text);
			if (condition.test(frame)) {
				return frame;
			}
			if (!frame.command().equals("MESSAGE") || this.inbox.size() < 1_000) {
				this.inbox.add(frame);
			}
		}
	}

	/** The next frame that is not a heartbeat, or null once the connection ended. */
	@Nullable Frame nextFrame() throws IOException {
		String text = this.socket.nextFrame(TIMEOUT);
		return (text != null) ? Frame.parse(text) : null;
	}

	/** Forget the frames kept so far. */
	void clearInbox() {
		this.inbox.clear();
	}

	/** The ways a client leaves. */
	enum Leave {

		/** DISCONNECT with a receipt, then a WebSocket close. */
		DISCONNECT,
		/** A WebSocket close frame, no DISCONNECT. */
		CLOSE,
		/** A FIN with neither: the client went away. */
		DROP,
		/** A TCP reset. */
		RESET

	}

	void leave(Leave way) throws IOException {
		this.ended = true;
		switch (way) {
			case DISCONNECT -> {
				String receipt = "bye-" + (++this.ids);
				this.socket.send("DISCONNECT\nreceipt:" + receipt + "\n\n\0");
				awaitReceipt(receipt);
				this.socket.closeNormally();
			}
			case CLOSE -> this.socket.closeNormally();
			case DROP -> this.socket.drop();
			case RESET -> this.socket.reset();
		}
	}

	@Override
	public void close() throws IOException {
		if (!this.ended) {
			this.socket.reset();
		}
	}

	/** A STOMP frame as received. */
	record Frame(String command, Map<String, String> headers, String body) {

		static Frame parse(String text) {
			int headersEnd = text.indexOf("\n\n");
			String head = (headersEnd >= 0) ? text.substring(0, headersEnd) : text;
			String body = (headersEnd >= 0) ? text.substring(headersEnd + 2) : "";
			if (body.endsWith("\0")) {
				body = body.substring(0, body.length() - 1);
			}
			String[] lines = head.strip().split("\n");
			Map<String, String> headers = new HashMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				if (colon > 0) {
					headers.putIfAbsent(lines[i].substring(0, colon), lines[i].substring(colon + 1));
				}
			}
			return new Frame(lines[0], headers, body);
		}

		@Override
		public String toString() {
			return this.command + this.headers
					+ ((this.body.length() > 200) ? this.body.substring(0, 200) + "…" : this.body);
		}

	}

}
