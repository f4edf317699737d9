package dev.parley.stomp;

import java.util.Map;

/**
 * What an {@code @MessageMapping} handler returns (directly, or as the value of a
 * {@code CompletableFuture}) once it has accepted a client's SEND:
 * {@link AcceptedReturnValueHandler} then answers the frame with its RECEIPT, if it asked
 * for one, carrying the {@link #headers()} given. A handler that throws, or whose future
 * fails, has its error reported instead.
 *
 * @param headers headers added to the RECEIPT (a document op's assigned {@code version})
 */
public record Accepted(Map<String, String> headers) {

	/** The frame was accepted. */
	public static final Accepted FRAME = new Accepted(Map.of());

	public Accepted {
		headers = Map.copyOf(headers);
	}

	/**
	 * For {@code future.thenApply(Accepted::of)}: whatever the value, the frame was
	 * accepted.
	 */
	public static Accepted of(Object value) {
		return FRAME;
	}

	/** Accepted, with one header on the RECEIPT. */
	public static Accepted withHeader(String name, String value) {
		return new Accepted(Map.of(name, value));
	}

}
