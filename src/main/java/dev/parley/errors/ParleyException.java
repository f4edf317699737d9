package dev.parley.errors;

/**
 * A request was refused for a reason the client should be told in words. The message is
 * shown to clients, so it must never carry secrets or internals.
 */
public class ParleyException extends RuntimeException {

	private final ErrorCode code;

	public ParleyException(ErrorCode code, String message) {
		super(message, null, false, false);
		this.code = code;
	}

	public ErrorCode code() {
		return this.code;
	}

}
