package dev.parley.errors;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.jspecify.annotations.Nullable;

import dev.parley.stomp.Destinations;
import dev.parley.stomp.Outbound;

/**
 * Payload sent to {@code /user/queue/errors}:
 * {@code {"type":"error","code","message","destination","receiptId"?}}.
 */
@Outbound(value = Destinations.USER_PREFIX + Destinations.ERRORS_QUEUE, type = "error",
		summary = "A frame of this session was refused; the session keeps working")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StompError(String type, ErrorCode code, String message, @Nullable String destination,
		@Nullable String receiptId) {

	public static StompError of(ErrorCode code, String message, @Nullable String destination,
			@Nullable String receiptId) {
		return new StompError("error", code, message, destination, receiptId);
	}

}
