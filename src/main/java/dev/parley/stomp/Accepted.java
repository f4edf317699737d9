package dev.parley.stomp;

/**
 * What an {@code @MessageMapping} handler returns (directly, or as the value of a
 * {@code CompletableFuture}) once it has accepted a client's SEND:
 * {@link AcceptedReturnValueHandler} then answers the frame with its RECEIPT, if it asked
 * for one. A handler that throws, or whose future fails, has its error reported instead.
 */
public enum Accepted {

	/** The frame was accepted. */
	FRAME;

	/**
	 * For {@code future.thenApply(Accepted::of)}: whatever the value, the frame was
	 * accepted.
	 */
	public static Accepted of(Object value) {
		return FRAME;
	}

}
