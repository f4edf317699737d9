package dev.parley.security;

import java.util.Locale;
import java.util.Optional;

/**
 * The roles a token may carry in its {@code roles} claim.
 */
public enum Role {

	/** A person chatting. */
	USER,

	/**
	 * A backend service: may post to any conversation over HTTP and send notifications.
	 */
	SERVICE;

	public String authority() {
		return "ROLE_" + name();
	}

	static Optional<Role> parse(Object value) {
		try {
			return Optional.of(valueOf(String.valueOf(value).toUpperCase(Locale.ROOT)));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

}
