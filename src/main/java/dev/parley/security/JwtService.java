package dev.parley.security;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import javax.crypto.SecretKey;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Scheduler;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.InvalidClaimException;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.parley.limits.LimitsProperties;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.CredentialsExpiredException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Service;

/**
 * Mints and verifies Parley's HS256 JWTs, and verifies the access tokens of the identity
 * providers configured under {@code parley.security.issuers}: the one verification path
 * of HTTP and STOMP CONNECT.
 * <p>
 * Parley's tokens: {@code sub} = username, {@code roles} = {@code ["USER"]},
 * {@code ["SERVICE"]} or {@code ["ADMIN", "USER"]}, {@code iss} =
 * {@code parley.security.jwt.issuer} ({@code parley}), {@code aud} =
 * {@code parley.security.jwt.audience} when set, {@code exp}. Any validly signed,
 * unexpired token with a subject, an expiry, that issuer (RFC 8725 §3.8) and, when set,
 * that audience is accepted, so other services holding the key may mint their own.
 * <p>
 * A token whose (unverified) {@code iss} names a configured provider is verified with
 * that provider's keys and settings only ({@link IssuerTokens}); a token naming any other
 * issuer is refused before its signature is looked at. Tokens are never logged.
 */
@Service
public class JwtService {

	/** HS256 needs a 256-bit key. */
	static final int MIN_SECRET_BYTES = 32;

	/** The longest subject accepted, so a username fits every column and log line. */
	static final int MAX_SUBJECT_LENGTH = 64;

	private static final Log logger = LogFactory.getLog(JwtService.class);

	private final SecretKey key;

	private final JwtParser parser;

	private final JacksonJwtJson json;

	private final SecurityProperties.Jwt settings;

	/**
	 * The longest token accepted, in characters ({@code parley.limits.token-size}): by
	 * default HTTP's limit (Tomcat refuses request headers over 8 KB), so that STOMP
	 * accepts no token HTTP would not; and the cache of verified tokens holds no huge
	 * keys.
	 */
	private final int maxTokenLength;

	private final Clock clock;

	/**
	 * The token text {@link #verified} holds at most: 100,000 tokens of Parley's size
	 * (about 330 characters).
	 */
	private static final long CACHED_CHARACTERS = 32L * 1024 * 1024;

	/** The longest a verified token stays in {@link #verified}. */
	private static final Duration CACHED_FOR = Duration.ofMinutes(10);

	/**
	 * Tokens verified recently, by their exact text: a client reconnecting with the token
	 * it already used is not HMAC-verified again, so that a reconnect storm does not pay
	 * for it twice (docs/performance.md). Same text, same signature; expiry is still
	 * checked on every use. The cache holds at most {@link #CACHED_CHARACTERS} of token
	 * text, whatever the tokens' sizes. An entry goes when its token can no longer be
	 * used (expiry plus clock skew) or after {@link #CACHED_FOR}, whichever is first, and
	 * a scheduler removes it then even if no other token is verified: the memory a user's
	 * tokens hold lasts no longer than the tokens.
	 */
	private final Cache<String, Verified> verified;

	/** A verified token's caller, and when the token expires. */
	record Verified(Authentication authentication, Instant expiresAt) {
	}

	private final IdentityProviders providers;

	private final JsonMapper jsonMapper;

	JwtService(SecurityProperties properties, LimitsProperties limits, JsonMapper jsonMapper, Clock clock,
			IdentityProviders providers) {
		this.settings = properties.jwt();
		this.providers = providers;
		this.jsonMapper = jsonMapper;
		this.maxTokenLength = Math.toIntExact(limits.tokenSize().toBytes());
		this.clock = clock;
		this.verified = Caffeine.newBuilder()
			.maximumWeight(CACHED_CHARACTERS)
			.weigher((String token, Verified known) -> token.length())
			.expireAfter(Expiry.creating((String token, Verified known) -> cachedFor(known)))
			.scheduler(Scheduler.systemScheduler())
			.build();
		SecurityProperties.Jwt settings = this.settings;
		this.key = Keys.hmacShaKeyFor(secretBytes(settings.secret()));
		this.json = new JacksonJwtJson(jsonMapper);
		var parser = Jwts.parser()
			.json(this.json.deserializer())
			.verifyWith(this.key)
			.requireIssuer(settings.issuer())
			.clockSkewSeconds(settings.clockSkew().toSeconds())
			.clock(() -> Date.from(this.clock.instant()));
		if (settings.audience() != null) {
			parser.requireAudience(settings.audience());
		}
		this.parser = parser.build();
	}

	private Duration cachedFor(Verified known) {
		Duration usable = Duration.between(this.clock.instant(), known.expiresAt().plus(this.settings.clockSkew()));
		return usable.isNegative() ? Duration.ZERO : (usable.compareTo(CACHED_FOR) < 0) ? usable : CACHED_FOR;
	}

	private static byte[] secretBytes(@Nullable String secret) {
		if (secret == null || secret.isBlank()) {
			logger.warn("parley.security.jwt.secret is not set: using a random key for this run. Tokens die with the "
					+ "process, and other nodes or services cannot verify them. Set PARLEY_JWT_SECRET for real use.");
			byte[] random = new byte[MIN_SECRET_BYTES];
			new SecureRandom().nextBytes(random);
			return random;
		}
		// ProductionGuard has refused a shorter one before any bean was made;
		// Keys.hmacShaKeyFor checks again.
		return secret.getBytes(StandardCharsets.UTF_8);
	}

	/** A token for the user, valid for {@code parley.security.jwt.ttl}. */
	public MintedToken mint(String username, Collection<Role> roles) {
		Instant now = this.clock.instant();
		Instant expiresAt = now.plus(this.settings.ttl());
		var builder = Jwts.builder()
			.json(this.json.serializer())
			.subject(username)
			.issuer(this.settings.issuer())
			.claim("roles", roles.stream().map(Role::name).toList())
			.issuedAt(Date.from(now))
			.expiration(Date.from(expiresAt));
		if (this.settings.audience() != null) {
			builder.audience().add(this.settings.audience());
		}
		String token = builder.signWith(this.key, Jwts.SIG.HS256).compact();
		return new MintedToken(token, expiresAt);
	}

	/**
	 * Verify a bearer token.
	 * @return the authenticated caller, with the roles of the token (USER when it names
	 * none)
	 * @throws BadCredentialsException if the token is missing, malformed, forged or has
	 * no usable subject
	 * @throws CredentialsExpiredException if the token has expired
	 */
	public Authentication authenticate(@Nullable String token) {
		return verify(token).authentication();
	}

	/**
	 * Verify a bearer token, as {@link #authenticate}, and tell when it expires.
	 * @throws BadCredentialsException if the token is missing, malformed, forged or has
	 * no usable subject
	 * @throws CredentialsExpiredException if the token has expired
	 */
	Verified verify(@Nullable String token) {
		if (token == null || token.isBlank()) {
			throw new BadCredentialsException("Missing bearer token");
		}
		String text = token.trim();
		if (this.maxTokenLength > 0 && text.length() > this.maxTokenLength) {
			throw new BadCredentialsException("Token too large (over " + this.maxTokenLength + " characters)");
		}
		Verified known = this.verified.getIfPresent(text);
		if (known != null) {
			if (this.clock.instant().isAfter(known.expiresAt().plus(this.settings.clockSkew()))) {
				this.verified.invalidate(text);
				throw new CredentialsExpiredException("Token has expired");
			}
			return known;
		}
		String issuer = issuerOf(text);
		IssuerTokens provider = this.providers.forIssuer(issuer);
		if (provider == null && issuer != null && !issuer.equals(this.settings.issuer())) {
			throw new BadCredentialsException("Invalid token: its iss claim is missing or not accepted here");
		}
		Claims claims;
		try {
			claims = (provider != null) ? provider.claims(text) : this.parser.parseSignedClaims(text).getPayload();
		}
		catch (ExpiredJwtException ex) {
			throw new CredentialsExpiredException("Token has expired");
		}
		catch (InvalidClaimException ex) {
			// iss, or aud when one is configured
			throw new BadCredentialsException(
					"Invalid token: its " + ex.getClaimName() + " claim is missing or not accepted here");
		}
		catch (JwtException | IllegalArgumentException ex) {
			throw new BadCredentialsException("Invalid token");
		}
		String subject = (provider != null) ? provider.username(claims) : claims.getSubject();
		if (subject == null || subject.isBlank() || subject.length() > MAX_SUBJECT_LENGTH
				|| subject.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
			throw new BadCredentialsException("Token has no usable subject");
		}
		Date expiration = claims.getExpiration();
		if (expiration == null) {
			// a session ends when its token does: a token without an end is not taken
			throw new BadCredentialsException("Invalid token: its exp claim is missing or not accepted here");
		}
		Set<Role> roles = (provider != null) ? provider.roles(claims) : roles(claims.get("roles"));
		Authentication authentication = UsernamePasswordAuthenticationToken.authenticated(subject, null,
				roles.stream().map(role -> new SimpleGrantedAuthority(role.authority())).toList());
		Verified verified = new Verified(authentication, expiration.toInstant());
		this.verified.put(text, verified);
		return verified;
	}

	/**
	 * The {@code iss} a compact JWS claims, read without verifying it: only to choose the
	 * keys that verify it (as Spring Security's
	 * {@code JwtIssuerAuthenticationManagerResolver} does). Null when the token is not a
	 * readable JWS with a textual {@code iss}.
	 */
	private @Nullable String issuerOf(String token) {
		int first = token.indexOf('.');
		int second = token.indexOf('.', first + 1);
		if (first < 0 || second < 0 || token.indexOf('.', second + 1) >= 0) {
			return null;
		}
		try {
			byte[] payload = Base64.getUrlDecoder().decode(token.substring(first + 1, second));
			JsonNode iss = this.jsonMapper.readTree(payload).get("iss");
			return (iss != null && iss.isString()) ? iss.asString() : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/**
	 * Tokens in the cache of verified tokens now, expired ones its scheduler has not yet
	 * removed included (for tests).
	 */
	long cachedTokens() {
		return this.verified.estimatedSize();
	}

	private static Set<Role> roles(@Nullable Object claim) {
		Set<Role> roles = new LinkedHashSet<>();
		if (claim instanceof Collection<?> values) {
			values.forEach(value -> Role.parse(value).ifPresent(roles::add));
		}
		else if (claim != null) {
			Role.parse(claim).ifPresent(roles::add);
		}
		return roles.isEmpty() ? Set.of(Role.USER) : roles;
	}

	/** Extract the token from an {@code Authorization: Bearer <jwt>} value. */
	static @Nullable String bearer(@Nullable String authorization) {
		if (authorization == null) {
			return null;
		}
		String value = authorization.trim();
		return value.regionMatches(true, 0, "Bearer ", 0, 7) ? value.substring(7).trim() : null;
	}

	/** A token and when it stops being valid. */
	public record MintedToken(String token, Instant expiresAt) {
	}

	static List<Role> rolesOf(Authentication authentication) {
		return authentication.getAuthorities()
			.stream()
			.map(a -> Role.parse(a.getAuthority().replaceFirst("^ROLE_", "")))
			.flatMap(java.util.Optional::stream)
			.toList();
	}

}
