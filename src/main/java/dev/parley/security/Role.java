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
	SERVICE,

	/**
	 * An operator: may open the live admin view ({@code /admin.html}) and subscribe to
	 * {@code /topic/admin.stats}. Grants nothing else; an admin who also chats holds USER
	 * as well.
	 */
	ADMIN;

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
