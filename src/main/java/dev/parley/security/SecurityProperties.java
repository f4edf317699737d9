package dev.parley.security;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code parley.security}.
 *
 * @param demoUsers whether the demo accounts (alice, bob, carol, dave, erin as USER;
 * backend as SERVICE; admin as ADMIN and USER; password {@code demo}) exist. True by
 * default for the embedded single-node mode, false in the {@code prod} profile.
 * @param jwt settings of Parley's own HS256 tokens
 * @param issuers identity providers whose RS256/ES256 access tokens are accepted too
 * (none by default)
 */
@ConfigurationProperties("parley.security")
public record SecurityProperties(@DefaultValue("true") boolean demoUsers, @DefaultValue Jwt jwt,
		@DefaultValue List<Issuer> issuers) {

	public SecurityProperties {
		issuers = (issuers != null) ? List.copyOf(issuers) : List.of();
		Set<String> seen = new HashSet<>(Set.of(jwt.issuer()));
		for (Issuer issuer : issuers) {
			if (!seen.add(issuer.issuerUri())) {
				throw new IllegalArgumentException("parley.security.issuers: the issuer " + issuer.issuerUri()
						+ " is configured twice, or is Parley's own (parley.security.jwt.issuer)");
			}
		}
	}

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

	/**
	 * An identity provider (Keycloak, Spring Authorization Server, Auth0, Entra ID…)
	 * whose signed access tokens Parley accepts. Its keys come from its JWK set, cached
	 * and fetched again when a token names a key Parley does not know.
	 *
	 * @param issuerUri the {@code iss} its tokens carry, compared exactly; also where
	 * discovery starts
	 * @param jwkSetUri where its JWK set is; when empty, the {@code jwks_uri} of
	 * {@code <issuer-uri>/.well-known/openid-configuration}
	 * @param audience when set, the {@code aud} its tokens must contain
	 * @param usernameClaim the claim naming the user; when empty,
	 * {@code preferred_username}, then {@code sub}
	 * @param rolesClaim the claim holding the issuer's roles: a list or a space-separated
	 * string; a dotted path reaches into objects, as Keycloak's
	 * {@code realm_access.roles} (default {@code roles})
	 * @param roleMapping the issuer's roles that grant a Parley role; a token with none
	 * of them is a USER. An issuer's roles never grant anything unmapped, whatever their
	 * name.
	 * @param keyRefreshInterval the least time between two fetches of the JWK set for
	 * unknown key ids, so forged ids cannot hammer the issuer (default 30 s)
	 * @param keySetTtl how long a fetched JWK set is used before it is fetched again in
	 * the background, so keys the issuer withdrew stop working (default 10 min); when the
	 * issuer cannot be reached, the cached keys are kept
	 */
	public record Issuer(String issuerUri, @Nullable String jwkSetUri, @Nullable String audience,
			@Nullable String usernameClaim, @DefaultValue("roles") String rolesClaim,
			@DefaultValue Map<String, Role> roleMapping, @DefaultValue("30s") Duration keyRefreshInterval,
			@DefaultValue("10m") Duration keySetTtl) {

		public Issuer {
			if (issuerUri == null || issuerUri.isBlank()) {
				throw new IllegalArgumentException("parley.security.issuers[n].issuer-uri must be set");
			}
			if (jwkSetUri != null && jwkSetUri.isBlank()) {
				jwkSetUri = null;
			}
			if (audience != null && audience.isBlank()) {
				audience = null;
			}
			if (usernameClaim != null && usernameClaim.isBlank()) {
				usernameClaim = null;
			}
			roleMapping = (roleMapping != null) ? Map.copyOf(roleMapping) : Map.of();
		}

		/**
		 * Where discovery finds the JWK set's address (OpenID Connect Discovery 1.0 §4).
		 */
		String discoveryUri() {
			return this.issuerUri.replaceAll("/+$", "") + "/.well-known/openid-configuration";
		}

	}

}
