package dev.parley.broker;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Tag;

import org.springframework.messaging.Message;
import org.springframework.messaging.simp.stomp.BufferingStompDecoder;
import org.springframework.messaging.simp.stomp.StompConversionException;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageHeaderAccessor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the STOMP frame decoder as Parley runs it: Spring's buffering decoder, one per
 * session, around {@link StrictStompDecoder} with the default limits, fed a client's
 * bytes in the pieces the fuzzer chooses. A decoding may fail only with the refusals the
 * handler turns into an ERROR frame; whatever it accepts keeps within the limits, and it
 * never buffers more than the frame limit.
 *
 * <p>
 * {@code ./mvnw test} replays the committed inputs in
 * {@code src/test/resources/dev/parley/broker/StompFrameFuzzTestsInputs}; a long run: see
 * docs/security.md.
 */
@Tag("fuzz")
class StompFrameFuzzTests {

	private static final int FRAME_LIMIT = 128 * 1024;

	private static final int HEADERS = 32;

	private static final int HEADER_SIZE = 16 * 1024;

	/**
	 * The input as one WebSocket message, then cut into up to 2, 7 and 32 pieces
	 * ({@code parley.limits.pieces-per-frame}), as a client may send a frame in several.
	 */
	@FuzzTest(maxDuration = "5m")
	void frames(byte[] input) {
		for (int pieces : new int[] { 1, 2, 7, 32 }) {
			decode(input, Math.max(1, (input.length + pieces - 1) / pieces));
		}
	}

	private static void decode(byte[] input, int piece) {
		BufferingStompDecoder decoder = new BufferingStompDecoder(
				new StrictStompDecoder(FRAME_LIMIT, HEADERS, HEADER_SIZE), FRAME_LIMIT);
		StrictStompDecoder.decodingFor(new HashMap<>(), () -> {
			try {
				for (int start = 0; start < input.length; start += piece) {
					ByteBuffer buffer = ByteBuffer.wrap(input, start, Math.min(piece, input.length - start)).slice();
					for (Message<byte[]> message : decoder.decode(buffer)) {
						checkWithinLimits(message);
					}
					assertThat(decoder.getBufferSize()).isLessThanOrEqualTo(FRAME_LIMIT);
				}
			}
			catch (StompConversionException ex) {
				// refused: the handler sends ERROR and closes
			}
		});
	}

	private static void checkWithinLimits(Message<byte[]> message) {
		assertThat(message.getPayload().length).isLessThanOrEqualTo(FRAME_LIMIT);
		StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
		assertThat(accessor).isNotNull();
		Map<String, List<String>> headers = accessor.toNativeHeaderMap();
		assertThat(headers.values().stream().mapToInt(List::size).sum()).isLessThanOrEqualTo(HEADERS);
		headers.forEach((name, values) -> values
			.forEach(value -> assertThat(name.length() + 1 + value.length()).isLessThanOrEqualTo(HEADER_SIZE)));
		List<String> lengths = headers.get("content-length");
		if (lengths != null) {
			lengths.forEach(length -> assertThat(length).matches("[0-9]{1,10}"));
			assertThat(Integer.parseInt(lengths.get(0))).isEqualTo(message.getPayload().length);
		}
	}

}
