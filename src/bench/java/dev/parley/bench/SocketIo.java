package dev.parley.bench;

/**
 * The little of Engine.IO v4 and Socket.IO v5 framing the generator needs, written by
 * hand as the STOMP framing is: over a WebSocket every text message is one Engine.IO
 * packet (its type a digit: {@code 0} open, {@code 1} close, {@code 2} ping, {@code 3}
 * pong, {@code 4} message); a message carries one Socket.IO packet (its type a digit:
 * {@code 0} connect, {@code 1} disconnect, {@code 2} event, {@code 3} ack, {@code 4}
 * connect error), then an optional namespace ({@code /chat,}; only the default one here),
 * an optional ack id (digits), and JSON: {@code 42["send","room","b123"]},
 * {@code 421["join","room"]}, acknowledged by {@code 431[]}.
 */
final class SocketIo {

	/** The path of a WebSocket-only Engine.IO v4 connection. */
	static final String PATH = "/socket.io/?EIO=4&transport=websocket";

	/** Connect to the default namespace, sent once the server's open packet arrived. */
	static final String CONNECT = "40";

	/** The answer to the server's ping ({@code 2}). */
	static final String PONG = "3";

	static final char OPEN = '0';

	static final char CLOSE = '1';

	static final char PING = '2';

	static final char MESSAGE = '4';

	static final int SIO_CONNECT = 0;

	static final int SIO_DISCONNECT = 1;

	static final int SIO_EVENT = 2;

	static final int SIO_ACK = 3;

	static final int SIO_CONNECT_ERROR = 4;

	private static final String MESSAGE_EVENT = "[\"message\",\"";

	private SocketIo() {
	}

	/**
	 * One packet as read.
	 *
	 * @param engineType the Engine.IO type ({@link #OPEN} ... {@link #MESSAGE})
	 * @param socketType the Socket.IO type of a message, or -1
	 * @param ackId the ack id, or -1
	 * @param data what follows: the open packet's JSON, an event's JSON array, ...
	 */
	record Packet(char engineType, int socketType, long ackId, String data) {
	}

	/**
	 * Reads one packet.
	 * @throws IllegalArgumentException when the text is no packet
	 */
	static Packet parse(String text) {
		if (text.isEmpty() || text.charAt(0) < '0' || text.charAt(0) > '6') {
			throw new IllegalArgumentException("not an Engine.IO packet: '" + text + "'");
		}
		char engineType = text.charAt(0);
		if (engineType != MESSAGE) {
			return new Packet(engineType, -1, -1, text.substring(1));
		}
		if (text.length() < 2 || !Character.isDigit(text.charAt(1))) {
			throw new IllegalArgumentException("not a Socket.IO packet: '" + text + "'");
		}
		int socketType = text.charAt(1) - '0';
		int i = 2;
		if (i < text.length() && text.charAt(i) == '/') {
			int comma = text.indexOf(',', i);
			i = (comma < 0) ? text.length() : comma + 1; // a namespace: not used here
		}
		long ackId = -1;
		while (i < text.length() && Character.isDigit(text.charAt(i))) {
			ackId = Math.max(ackId, 0) * 10 + (text.charAt(i++) - '0');
		}
		return new Packet(engineType, socketType, ackId, text.substring(i));
	}

	/**
	 * An event with string arguments, {@code 42["name","a"]}, with an ack id when
	 * {@code ackId >= 0} ({@code 42<id>[...]}).
	 */
	static String event(long ackId, String name, String... arguments) {
		StringBuilder text = new StringBuilder("42");
		if (ackId >= 0) {
			text.append(ackId);
		}
		text.append('[');
		quote(text, name);
		for (String argument : arguments) {
			text.append(',');
			quote(text, argument);
		}
		return text.append(']').toString();
	}

	/**
	 * The send timestamp of a {@code message} event ({@code 42["message","b123"]}), or -1
	 * for any other packet.
	 */
	static long messageStamp(Packet packet) {
		if (packet.socketType() != SIO_EVENT || !packet.data().startsWith(MESSAGE_EVENT)) {
			return -1;
		}
		return Load.parseStamp(packet.data(), MESSAGE_EVENT.length());
	}

	/** A JSON string (the generator's rooms and bodies hold no control characters). */
	private static void quote(StringBuilder text, String value) {
		text.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '"' || c == '\\') {
				text.append('\\');
			}
			text.append(c);
		}
		text.append('"');
	}

}
