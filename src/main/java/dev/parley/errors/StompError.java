package dev.parley.errors;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.jspecify.annotations.Nullable;

/**
 * Payload sent to {@code /user/queue/errors}:
 * {@code {"type":"error","code","message","destination","receiptId"?}}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StompError(String type, ErrorCode code, String message, @Nullable String destination,
		@Nullable String receiptId) {

	public static StompError of(ErrorCode code, String message, @Nullable String destination,
			@Nullable String receiptId) {
		return new StompError("error", code, message, destination, receiptId);
	}

}
