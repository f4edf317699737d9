package dev.parley.broker;

import java.nio.ByteBuffer;
import java.util.Map;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

/**
 * Counts the WebSocket messages a STOMP frame arrives in, and refuses a frame split into
 * more than {@code parley.limits.pieces-per-frame}. Spring's buffering decoder assembles
 * and parses a partial frame anew from its start on every piece (or, with a
 * content-length, adds up the size of every piece so far), so a frame costs its size
 * times its pieces: a 60 KB frame in 30,000 two-byte messages took 1.6 s of server CPU
 * (docs/security.md), and a 128 KB one a byte at a time would take about 13 s for less
 * than a megabyte of upload. Clients that split frames send a few large pieces (stomp.js:
 * 8 KB).
 *
 * <p>
 * A frame ends at a NUL. A message of line ends alone between frames is a heartbeat, not
 * a piece. A NUL inside a body sent with content-length ends the count early, which only
 * makes this lenient. The count lives in the session's attributes; the handler calls this
 * from the session's receiving thread, one message at a time.
 */
final class FramePieces {

	private static final String PIECES = FramePieces.class.getName() + ".pieces";

	private final int limit;

	/**
	 * @param limit pieces per frame, 0 for no limit
	 */
	FramePieces(int limit) {
		this.limit = limit;
	}

	int limit() {
		return this.limit;
	}

	/**
	 * What to do with the next message of a session: {@code TAKE} it, {@code REFUSE} it
	 * (its frame has gone over the limit: answer with an ERROR and close) or {@code DROP}
	 * it (the session was refused already and is closing).
	 */
	Verdict admit(Map<String, Object> sessionAttributes, WebSocketMessage<?> message) {
		if (this.limit <= 0) {
			return Verdict.TAKE;
		}
		Object previous = sessionAttributes.get(PIECES);
		int open = (previous instanceof Integer pieces) ? pieces : 0;
		if (open < 0) {
			return Verdict.DROP;
		}
		Content content = (message instanceof TextMessage text) ? scan(text.getPayload())
				: (message instanceof BinaryMessage binary) ? scan(binary.getPayload()) : null;
		if (content == null) {
			return Verdict.TAKE;
		}
		if (content.endsFrame()) {
			open = content.opensFrame() ? 1 : 0;
		}
		else if (open > 0 || content.opensFrame()) {
			open++;
		}
		boolean within = open <= this.limit;
		int next = within ? open : -1;
		if (!Integer.valueOf(next).equals(previous) && !(previous == null && next == 0)) {
			// most messages are whole frames: nothing to write
			sessionAttributes.put(PIECES, next);
		}
		return within ? Verdict.TAKE : Verdict.REFUSE;
	}

	private static Content scan(String text) {
		int nul = text.lastIndexOf('\0');
		return new Content(nul >= 0, !onlyLineEnds(text, nul + 1));
	}

	private static boolean onlyLineEnds(String text, int from) {
		for (int i = from; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c != '\n' && c != '\r') {
				return false;
			}
		}
		return true;
	}

	private static Content scan(ByteBuffer bytes) {
		int nul = -1;
		for (int i = bytes.limit() - 1; i >= bytes.position(); i--) {
			if (bytes.get(i) == 0) {
				nul = i;
				break;
			}
		}
		boolean content = false;
		for (int i = Math.max(nul + 1, bytes.position()); i < bytes.limit() && !content; i++) {
			byte b = bytes.get(i);
			content = b != '\n' && b != '\r';
		}
		return new Content(nul >= 0, content);
	}

	enum Verdict {

		TAKE, REFUSE, DROP

	}

	/**
	 * @param endsFrame the message holds a NUL
	 * @param opensFrame something other than line ends follows its last NUL (or, without
	 * one, it holds something other than line ends)
	 */
	private record Content(boolean endsFrame, boolean opensFrame) {
	}

}
