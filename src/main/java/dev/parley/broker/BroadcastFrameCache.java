package dev.parley.broker;

import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.util.MimeType;

/**
 * The STOMP text of recent broadcasts, so that each subscriber's MESSAGE frame is two
 * strings built once per broadcast around that subscriber's own {@code subscription} and
 * {@code message-id} lines.
 *
 * <p>
 * A broadcast is found by its payload array's identity and checked against its
 * destination, content type and headers. The table has 256 slots, and a newer broadcast
 * overwrites an older one in its slot: a miss only costs building the frame parts again.
 * Entries are immutable, so reading them without locks is safe; each holds its payload
 * weakly, and at most 256 frames' text stays referenced (chat messages are at most 10,000
 * characters, so a few MB at worst). A lookup must stay an array read: it runs once per
 * delivery (docs/performance.md).
 */
final class BroadcastFrameCache {

	/**
	 * Message ids have Spring's form, {@code <session>-<number>}; the numbers start where
	 * Spring's own counter (used for the frames that take its path) will never get, so
	 * that no two frames of a session share an id.
	 */
	private static final AtomicLong messageIds = new AtomicLong(1L << 62);

	private static final int SLOTS = 256;

	private final Broadcast[] broadcasts = new Broadcast[SLOTS];

	/**
	 * One subscriber's frame of a broadcast, as Spring's STOMP handler would write it.
	 */
	String frame(byte[] payload, String destination, @Nullable MimeType contentType,
			@Nullable Map<String, List<String>> nativeHeaders, String sessionId, String subscriptionId) {
		int slot = System.identityHashCode(payload) & (SLOTS - 1);
		Broadcast broadcast = this.broadcasts[slot];
		if (broadcast == null || !broadcast.matches(payload, destination, contentType, nativeHeaders)) {
			broadcast = Broadcast.of(payload, destination, contentType, nativeHeaders);
			this.broadcasts[slot] = broadcast;
		}
		return broadcast.head() + "subscription:" + escape(subscriptionId) + "\nmessage-id:" + escape(sessionId) + '-'
				+ messageIds.getAndIncrement() + '\n' + broadcast.tail();
	}

	/**
	 * STOMP 1.2 value encoding, as Spring's encoder does it for every frame but CONNECT
	 * and CONNECTED.
	 */
	static String escape(String value) {
		StringBuilder escaped = null;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			String replacement = switch (c) {
				case '\\' -> "\\\\";
				case ':' -> "\\c";
				case '\n' -> "\\n";
				case '\r' -> "\\r";
				default -> null;
			};
			if (replacement != null && escaped == null) {
				escaped = new StringBuilder(value.length() + 8).append(value, 0, i);
			}
			if (escaped != null) {
				if (replacement != null) {
					escaped.append(replacement);
				}
				else {
					escaped.append(c);
				}
			}
		}
		return (escaped != null) ? escaped.toString() : value;
	}

	/**
	 * One broadcast's frame around the per-subscriber lines: the command and the headers
	 * Spring would write before {@code subscription} (the message's own, then
	 * {@code destination} and {@code content-type}, each in place if the message already
	 * had it), and the {@code content-length}, blank line, body and NUL after
	 * {@code message-id}.
	 */
	private record Broadcast(WeakReference<byte[]> payload, String destination, @Nullable MimeType contentType,
			Map<String, List<String>> nativeHeaders, String head, String tail) {

		static Broadcast of(byte[] payload, String destination, @Nullable MimeType contentType,
				@Nullable Map<String, List<String>> nativeHeaders) {
			Map<String, List<String>> copy = new LinkedHashMap<>();
			if (nativeHeaders != null) {
				nativeHeaders.forEach((name, values) -> copy.put(name, List.copyOf(values)));
			}
			Map<String, List<String>> written = new LinkedHashMap<>(copy);
			written.put(StompHeaderAccessor.STOMP_DESTINATION_HEADER, List.of(destination));
			if (contentType != null) {
				written.put(StompHeaderAccessor.STOMP_CONTENT_TYPE_HEADER, List.of(contentType.toString()));
			}
			StringBuilder head = new StringBuilder(256).append("MESSAGE\n");
			written.forEach((name, values) -> {
				if (!StompHeaderAccessor.STOMP_CONTENT_LENGTH_HEADER.equals(name)) {
					for (String value : values) {
						head.append(escape(name)).append(':').append(escape(value)).append('\n');
					}
				}
			});
			String tail = "content-length:" + payload.length + "\n\n" + new String(payload, StandardCharsets.UTF_8)
					+ '\0';
			return new Broadcast(new WeakReference<>(payload), destination, contentType, copy, head.toString(), tail);
		}

		boolean matches(byte[] payload, String destination, @Nullable MimeType contentType,
				@Nullable Map<String, List<String>> nativeHeaders) {
			return this.payload.get() == payload && this.destination.equals(destination)
					&& Objects.equals(this.contentType, contentType) && ((nativeHeaders == null)
							? this.nativeHeaders.isEmpty() : this.nativeHeaders.equals(nativeHeaders));
		}

	}

}
