package dev.parley.stomp;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Removes anything shaped like a JWT from text that is about to be logged or echoed.
 */
public final class Redaction {

	private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*\\.?[A-Za-z0-9_-]*");

	private Redaction() {
	}

	public static String redact(@Nullable String text) {
		return (text != null) ? JWT.matcher(text).replaceAll("[redacted token]") : "";
	}

}
