package dev.parley.errors;

import org.springframework.http.HttpStatus;

/**
 * The error codes clients see on {@code /user/queue/errors} and in HTTP problem details
 * ({@code code} property).
 */
public enum ErrorCode {

	/** The frame or body could not be read: malformed JSON, missing payload. */
	BAD_REQUEST(HttpStatus.BAD_REQUEST),

	/**
	 * The payload was readable but breaks a rule: empty or too-long content, bad title.
	 */
	VALIDATION(HttpStatus.BAD_REQUEST),

	/**
	 * Authenticated, but not allowed here: not a member, wildcard subscription, SEND to a
	 * broker destination.
	 */
	FORBIDDEN(HttpStatus.FORBIDDEN),

	/** No such conversation or destination. */
	NOT_FOUND(HttpStatus.NOT_FOUND),

	/** A rate or session limit was exceeded; retry later. */
	RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS),

	/**
	 * What was asked for is no longer kept: the ops since a document version older than
	 * the oldest kept; reload the document.
	 */
	GONE(HttpStatus.GONE),

	/** Missing, forged or expired credentials. */
	UNAUTHORIZED(HttpStatus.UNAUTHORIZED),

	/** Something on the server side failed; the request may be retried. */
	UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE);

	private final HttpStatus status;

	ErrorCode(HttpStatus status) {
		this.status = status;
	}

	public HttpStatus status() {
		return this.status;
	}

}
