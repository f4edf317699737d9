package dev.parley.security;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code parley.security}.
 *
 * @param demoUsers whether the demo accounts (alice, bob, carol, dave, erin as USER;
 * backend as SERVICE; admin as ADMIN and USER; password {@code demo}) exist. True by
 * default for the embedded single-node mode, false in the {@code prod} profile.
 * @param jwt token settings
 */
@ConfigurationProperties("parley.security")
public record SecurityProperties(@DefaultValue("true") boolean demoUsers, @DefaultValue Jwt jwt) {

	/**
	 * @param secret HS256 key, at least 32 bytes (env {@code PARLEY_JWT_SECRET}). When
	 * empty, a random key is made at start (tokens then die with the process); the
	 * {@code prod} profile refuses to start without a real one.
	 * @param ttl lifetime of tokens minted by {@code POST /api/auth/token} (default 1 h)
	 * @param clockSkew leeway when checking {@code exp} of tokens minted elsewhere
	 * (default 30 s)
	 * @param issuer the {@code iss} every token must carry, and Parley writes (default
	 * {@code parley})
	 * @param audience when set, the {@code aud} every token must contain, and Parley
	 * writes; when empty, {@code aud} is not checked
	 */
	public record Jwt(@Nullable String secret, @DefaultValue("1h") Duration ttl,
			@DefaultValue("30s") Duration clockSkew, @DefaultValue("parley") String issuer, @Nullable String audience) {

		public Jwt {
			if (issuer.isBlank()) {
				throw new IllegalArgumentException("parley.security.jwt.issuer must not be empty");
			}
			if (audience != null && audience.isBlank()) {
				audience = null;
			}
		}

	}

}
