package dev.parley.broker;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.parley.limits.LimitsProperties;

import org.springframework.messaging.Message;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompConversionException;
import org.springframework.messaging.simp.stomp.StompDecoder;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.NativeMessageHeaderAccessor;
import org.springframework.util.InvalidMimeTypeException;
import org.springframework.util.MultiValueMap;

/**
 * Spring's STOMP decoder, with the checks Spring leaves out for what a client sends:
 * <ul>
 * <li>{@code content-length} must be a whole number of at most the frame limit (Spring
 * ignores {@code -5} or {@code abc} and reads to the NUL; it checks a declared length
 * against the limit only when more data arrives, so a short frame declaring 2 GB
 * waited);</li>
 * <li>at most {@code headersPerFrame} headers per frame, each line at most
 * {@code headerSize} characters;</li>
 * <li>the headers STOMP requires of SEND, SUBSCRIBE and UNSUBSCRIBE;</li>
 * <li>CONNECT (or STOMP) once per session.</li>
 * </ul>
 * and it says what was wrong with an unknown command or a content-type that is no MIME
 * type (Spring fails both with an {@code IllegalArgumentException}, which said nothing).
 * Each check fails the decoding with a {@link FrameRefused}, which Spring's handler turns
 * into an ERROR frame and a closed connection like any malformed frame. A partial frame
 * is checked on the headers read so far, so a refusal comes at once, not when the rest
 * arrives. Spring's {@code BufferingStompDecoder} (one per session) wraps this one
 * decoder, which therefore keeps no state of its own: the session's attributes are given
 * for the current thread by {@link #decodingFor}.
 */
final class StrictStompDecoder extends StompDecoder {

	static final String CONNECT_SEEN = StrictStompDecoder.class.getName() + ".connect";

	/**
	 * Headers STOMP 1.2 requires of what a client sends, where Parley relies on them (a
	 * SUBSCRIBE without an id failed deep in the handlers, found by the fuzzer).
	 */
	private static final Map<StompCommand, List<String>> REQUIRED = Map.of(StompCommand.SEND, List.of("destination"),
			StompCommand.SUBSCRIBE, List.of("destination", "id"), StompCommand.UNSUBSCRIBE, List.of("id"));

	private static final Pattern WHOLE_NUMBER = Pattern.compile("[0-9]{1,10}");

	private static final ThreadLocal<@Nullable Map<String, Object>> SESSION = new ThreadLocal<>();

	private final int frameSizeLimit;

	private final int headersPerFrame;

	private final int headerSize;

	/**
	 * @param frameSizeLimit the largest frame, as Spring's handler is configured
	 * @param headersPerFrame the most headers a frame may carry, 0 for no limit
	 * @param headerSize the longest header line ({@code name:value}), 0 for no limit
	 */
	StrictStompDecoder(int frameSizeLimit, int headersPerFrame, int headerSize) {
		this.frameSizeLimit = frameSizeLimit;
		this.headersPerFrame = headersPerFrame;
		this.headerSize = headerSize;
	}

	/** The decoder for frames of at most the given size, with the given limits. */
	static StrictStompDecoder of(int frameSizeLimit, LimitsProperties limits) {
		return new StrictStompDecoder(frameSizeLimit, limits.headersPerFrame(),
				Math.toIntExact(limits.headerSize().toBytes()));
	}

	/**
	 * Runs a decoding for the session with the given attributes: they record that the
	 * session has sent CONNECT. Without it (outside a session) that one check is left
	 * out.
	 */
	static void decodingFor(Map<String, Object> sessionAttributes, Runnable decoding) {
		SESSION.set(sessionAttributes);
		try {
			decoding.run();
		}
		finally {
			SESSION.remove();
		}
	}

	@Override
	public List<Message<byte[]>> decode(ByteBuffer byteBuffer,
			@Nullable MultiValueMap<String, String> partialMessageHeaders) {
		List<Message<byte[]>> messages;
		try {
			messages = super.decode(byteBuffer, partialMessageHeaders);
		}
		catch (InvalidMimeTypeException ex) {
			throw new FrameRefused("Malformed STOMP frame: invalid content-type");
		}
		catch (IllegalArgumentException ex) {
			// StompCommand.valueOf
			throw new FrameRefused("Malformed STOMP frame: unknown command");
		}
		for (Message<byte[]> message : messages) {
			StompCommand command = StompHeaderAccessor.getCommand(message.getHeaders());
			// the decoder's own map, not a copy: this runs for every frame
			@SuppressWarnings("unchecked")
			Map<String, List<String>> headers = (Map<String, List<String>>) message.getHeaders()
				.get(NativeMessageHeaderAccessor.NATIVE_HEADERS);
			if (command != null) {
				check(command, (headers != null) ? headers : Map.of());
			}
		}
		if (partialMessageHeaders != null && !partialMessageHeaders.isEmpty()) {
			check(null, partialMessageHeaders);
		}
		return messages;
	}

	private void check(@Nullable StompCommand command, Map<String, List<String>> headers) {
		int count = 0;
		for (Map.Entry<String, List<String>> header : headers.entrySet()) {
			for (String value : header.getValue()) {
				count++;
				if (this.headerSize > 0 && header.getKey().length() + 1 + value.length() > this.headerSize) {
					throw new FrameRefused("Header too large: '" + abbreviate(header.getKey())
							+ "' is longer than the limit of " + this.headerSize + " characters");
				}
			}
		}
		if (this.headersPerFrame > 0 && count > this.headersPerFrame) {
			throw new FrameRefused(
					"Too many headers: the frame carries " + count + " (limit " + this.headersPerFrame + ")");
		}
		List<String> lengths = headers.get(StompHeaderAccessor.STOMP_CONTENT_LENGTH_HEADER);
		if (lengths != null) {
			for (String length : lengths) {
				checkContentLength(length);
			}
		}
		if (command != null) {
			for (String required : REQUIRED.getOrDefault(command, List.of())) {
				if (!headers.containsKey(required)) {
					throw new FrameRefused("Malformed STOMP frame: " + command + " needs the " + required + " header");
				}
			}
		}
		if (command == StompCommand.CONNECT || command == StompCommand.STOMP) {
			Map<String, Object> session = SESSION.get();
			if (session != null && session.putIfAbsent(CONNECT_SEEN, Boolean.TRUE) != null) {
				throw new FrameRefused(
						"Already connected: a session sends CONNECT once (to use a new token, SEND /app/session.refresh)");
			}
		}
	}

	private void checkContentLength(String length) {
		if (!WHOLE_NUMBER.matcher(length).matches()) {
			throw new FrameRefused("Invalid content-length '" + abbreviate(length)
					+ "': it must be the body's length in bytes, a whole number");
		}
		long declared = Long.parseLong(length);
		if (declared > this.frameSizeLimit) {
			throw new FrameRefused(
					"content-length " + declared + " is over the frame limit of " + this.frameSizeLimit + " bytes");
		}
	}

	private static String abbreviate(String text) {
		return (text.length() <= 40) ? text : text.substring(0, 40) + "…";
	}

	/** A frame refused by one of Parley's checks; its message is for the client. */
	static final class FrameRefused extends StompConversionException {

		FrameRefused(String message) {
			super(message);
		}

	}

}
