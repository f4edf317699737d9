package dev.parley.messaging;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.parley.errors.ErrorCode;
import dev.parley.errors.ParleyException;

/** Message ids as clients send them: a clear VALIDATION error for anything else. */
final class MessageIds {

	private MessageIds() {
	}

	/**
	 * @throws ParleyException VALIDATION if the text is missing or not a message id
	 */
	static UUID parse(String field, @Nullable String text) {
		if (text == null) {
			throw new ParleyException(ErrorCode.VALIDATION, field + " is required");
		}
		UUID id = parseOptional(field, text);
		return id;
	}

	/**
	 * @return null for null
	 * @throws ParleyException VALIDATION if the text is not a message id
	 */
	static @Nullable UUID parseOptional(String field, @Nullable String text) {
		if (text == null) {
			return null;
		}
		if (text.length() != 36) {
			throw invalid(field);
		}
		try {
			return UUID.fromString(text);
		}
		catch (IllegalArgumentException ex) {
			throw invalid(field);
		}
	}

	private static ParleyException invalid(String field) {
		return new ParleyException(ErrorCode.VALIDATION, field + " must be a message id (a UUID)");
	}

}
