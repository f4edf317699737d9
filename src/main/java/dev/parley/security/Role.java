package dev.parley.security;

import java.util.Locale;
import java.util.Optional;

import org.springframework.security.core.Authentication;

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

	/** True if the authenticated caller has this role. */
	public boolean heldBy(Authentication authentication) {
		return authentication.getAuthorities()
			.stream()
			.anyMatch(authority -> authority().equals(authority.getAuthority()));
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
