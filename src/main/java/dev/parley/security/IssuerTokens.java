package dev.parley.security;

import java.security.Key;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwsHeader;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import org.jspecify.annotations.Nullable;

/**
 * Verifies the access tokens of one identity provider, with its keys
 * ({@link IssuerKeys}), and reads its claims the way it is configured: the username from
 * {@code username-claim} (by default {@code preferred_username}, then {@code sub}) and
 * Parley's roles from the issuer's roles in {@code roles-claim} through
 * {@code role-mapping}. A token whose roles map to nothing is a USER.
 */
final class IssuerTokens {

	private static final String DEFAULT_USERNAME_CLAIM = "preferred_username";

	private final SecurityProperties.Issuer settings;

	private final JwtParser parser;

	IssuerTokens(SecurityProperties.Issuer settings, IssuerKeys keys, JacksonJwtJson json, Duration clockSkew,
			Clock clock) {
		this.settings = settings;
		var parser = Jwts.parser().json(json.deserializer()).keyLocator(new LocatorAdapter<Key>() {
			@Override
			protected Key locate(JwsHeader header) {
				return keys.keyFor(header);
			}
		})
			.requireIssuer(settings.issuerUri())
			.clockSkewSeconds(clockSkew.toSeconds())
			.clock(() -> Date.from(clock.instant()));
		if (settings.audience() != null) {
			parser.requireAudience(settings.audience());
		}
		this.parser = parser.build();
	}

	/**
	 * The verified claims of a token of this issuer; throws as {@link JwtParser} does.
	 */
	Claims claims(String token) {
		return this.parser.parseSignedClaims(token).getPayload();
	}

	/** The username the claims name, or null when they name none. */
	@Nullable String username(Claims claims) {
		if (this.settings.usernameClaim() != null) {
			return text(claims.get(this.settings.usernameClaim()));
		}
		String preferred = text(claims.get(DEFAULT_USERNAME_CLAIM));
		return (preferred != null) ? preferred : claims.getSubject();
	}

	/**
	 * Parley's roles for the issuer's roles the claims carry: USER when none is mapped.
	 */
	Set<Role> roles(Claims claims) {
		Set<Role> roles = new LinkedHashSet<>();
		Map<String, Role> mapping = this.settings.roleMapping();
		if (!mapping.isEmpty()) {
			for (String role : issuerRoles(claims)) {
				Role mapped = mapping.get(role);
				if (mapped != null) {
					roles.add(mapped);
				}
			}
		}
		return roles.isEmpty() ? Set.of(Role.USER) : roles;
	}

	/**
	 * The values at {@code roles-claim}, a dotted path; a string is split at spaces (as
	 * {@code scope}).
	 */
	private Set<String> issuerRoles(Claims claims) {
		Object value = claims;
		for (String step : this.settings.rolesClaim().split("\\.")) {
			value = (value instanceof Map<?, ?> object) ? object.get(step) : null;
		}
		Set<String> roles = new LinkedHashSet<>();
		if (value instanceof Collection<?> values) {
			values.forEach(role -> roles.add(String.valueOf(role)));
		}
		else if (value instanceof String text) {
			for (String role : text.trim().split("\\s+")) {
				if (!role.isEmpty()) {
					roles.add(role);
				}
			}
		}
		return roles;
	}

	private static @Nullable String text(@Nullable Object value) {
		return (value instanceof String text && !text.isBlank()) ? text : null;
	}

}
