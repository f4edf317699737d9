package dev.parley.security;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import io.jsonwebtoken.JwsHeader;
import io.jsonwebtoken.io.Parser;
import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.JwkSet;
import io.jsonwebtoken.security.Jwks;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;

/**
 * The signing keys of one identity provider: its JWK set, fetched when first needed and
 * cached. A token naming a key id the cache lacks (the issuer rotated its keys) makes it
 * fetch the set again, at most once per {@code key-refresh-interval}, so that forged key
 * ids cannot hammer the issuer; a set older than {@code key-set-ttl} is fetched again in
 * the background, so that withdrawn keys stop working. When the issuer cannot be reached,
 * the keys already fetched keep working and tokens signed with others are refused as
 * unavailable, not as forged.
 * <p>
 * Only asymmetric algorithms are accepted, and a key that names its {@code alg} is used
 * for that algorithm only: an issuer's public key can never serve as an HMAC secret.
 */
final class IssuerKeys {

	/** The JWS algorithms accepted from an issuer. */
	static final Set<String> ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384",
			"ES512");

	/** The longest a discovery document or JWK set request may take. */
	static final Duration FETCH_TIMEOUT = Duration.ofSeconds(5);

	/** The largest discovery document or JWK set read. */
	static final int MAX_DOCUMENT_BYTES = 256 * 1024;

	private static final Log logger = LogFactory.getLog(IssuerKeys.class);

	private final SecurityProperties.Issuer issuer;

	private final HttpClient http;

	private final JsonMapper json;

	private final Parser<JwkSet> jwkSetParser;

	private final Clock clock;

	private final Executor background;

	private final Runnable onFetch;

	private final Runnable onFetchFailure;

	private final Object fetching = new Object();

	/** The keys last fetched, by key id; empty until a fetch succeeds. */
	private volatile KeySet keys = KeySet.NONE;

	/** Whether the last attempt to fetch the keys failed. */
	private volatile boolean unreachable;

	/** When the keys were last fetched or tried; guarded by {@link #fetching}. */
	private Instant lastAttempt = Instant.MIN;

	/**
	 * The JWK set's address, once configured or discovered; guarded by {@link #fetching}.
	 */
	private @Nullable String jwkSetUri;

	private final AtomicBoolean backgroundFetch = new AtomicBoolean();

	IssuerKeys(SecurityProperties.Issuer issuer, HttpClient http, JsonMapper json, JacksonJwtJson jwtJson, Clock clock,
			Executor background, Runnable onFetch, Runnable onFetchFailure) {
		this.issuer = issuer;
		this.http = http;
		this.json = json;
		this.jwkSetParser = Jwks.setParser().json(jwtJson.deserializer()).ignoreUnsupported(true).build();
		this.clock = clock;
		this.background = background;
		this.onFetch = onFetch;
		this.onFetchFailure = onFetchFailure;
		this.jwkSetUri = issuer.jwkSetUri();
	}

	/**
	 * The key to verify a token with the given header.
	 * @throws BadCredentialsException if the algorithm is not accepted, or the issuer
	 * publishes no such key
	 * @throws AuthenticationServiceException if the key is not known yet and the issuer
	 * cannot be reached to learn it
	 */
	Key keyFor(JwsHeader header) {
		String algorithm = header.getAlgorithm();
		if (algorithm == null || !ALGORITHMS.contains(algorithm)) {
			throw new BadCredentialsException("Invalid token: its signing algorithm is not accepted from its issuer "
					+ "(" + String.join(", ", ALGORITHMS.stream().sorted().toList()) + ")");
		}
		String keyId = header.getKeyId();
		KeySet known = this.keys;
		Jwk<?> jwk = known.find(keyId);
		boolean asked = false;
		if (jwk == null) {
			Lookup lookup = fetchIfAllowed(known);
			asked = lookup.asked();
			jwk = lookup.keys().find(keyId);
		}
		else if (known.fetchedAt().plus(this.issuer.keySetTtl()).isBefore(this.clock.instant())) {
			fetchInBackground(known);
		}
		if (jwk == null) {
			if (this.unreachable) {
				throw new AuthenticationServiceException(
						"The signing keys of the token's issuer could not be fetched; try again later");
			}
			if (!asked) {
				throw new BadCredentialsException("Invalid token: its signing key is unknown here (the keys of its "
						+ "issuer are fetched again at most every " + this.issuer.keyRefreshInterval().toSeconds()
						+ " s)");
			}
			throw new BadCredentialsException("Invalid token: its signing key is not one its issuer publishes");
		}
		if (jwk.getAlgorithm() != null && !jwk.getAlgorithm().equals(algorithm)) {
			throw new BadCredentialsException(
					"Invalid token: its signing algorithm does not match its key's (" + jwk.getAlgorithm() + ")");
		}
		return jwk.toKey();
	}

	/**
	 * Fetches the keys again unless another caller did since {@code seen} was read, or
	 * the last try was too recent.
	 */
	private Lookup fetchIfAllowed(KeySet seen) {
		synchronized (this.fetching) {
			if (this.keys != seen) {
				return new Lookup(this.keys, true);
			}
			Instant now = this.clock.instant();
			if (!this.lastAttempt.equals(Instant.MIN)
					&& now.isBefore(this.lastAttempt.plus(this.issuer.keyRefreshInterval()))) {
				return new Lookup(this.keys, false);
			}
			this.lastAttempt = now;
			return new Lookup(fetch(), true);
		}
	}

	/** The keys after a lookup, and whether the issuer was asked for them. */
	private record Lookup(KeySet keys, boolean asked) {
	}

	private void fetchInBackground(KeySet seen) {
		if (this.backgroundFetch.compareAndSet(false, true)) {
			try {
				this.background.execute(() -> {
					try {
						fetchIfAllowed(seen);
					}
					finally {
						this.backgroundFetch.set(false);
					}
				});
			}
			catch (RuntimeException ex) {
				this.backgroundFetch.set(false);
			}
		}
	}

	/**
	 * Fetches the JWK set; on failure keeps the keys there are. Holds {@link #fetching}.
	 */
	private KeySet fetch() {
		String uri = this.jwkSetUri;
		try {
			if (uri == null) {
				uri = discoverJwkSetUri();
			}
			JwkSet set = this.jwkSetParser.parse(new String(get(uri), StandardCharsets.UTF_8));
			Map<String, Jwk<?>> byId = new LinkedHashMap<>();
			for (Jwk<?> jwk : set.getKeys()) {
				Object use = jwk.get("use");
				if ((use == null || "sig".equals(use)) && jwk.toKey() instanceof PublicKey) {
					byId.put((jwk.getId() != null) ? jwk.getId() : "", jwk);
				}
			}
			this.jwkSetUri = uri;
			this.keys = new KeySet(byId, this.clock.instant());
			this.unreachable = false;
			this.onFetch.run();
			logger.info(
					"Fetched " + byId.size() + " signing key(s) of issuer " + this.issuer.issuerUri() + " from " + uri);
		}
		catch (IOException | RuntimeException ex) {
			this.unreachable = true;
			this.onFetchFailure.run();
			if (this.issuer.jwkSetUri() == null) {
				this.jwkSetUri = null; // discover again next time: the issuer may have
										// moved it
			}
			logger.warn("Could not fetch the signing keys of issuer " + this.issuer.issuerUri() + " from "
					+ ((uri != null) ? uri : this.issuer.discoveryUri()) + ": " + ex.getMessage()
					+ ". Tokens signed with keys fetched before still work; others are refused until it answers.");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.unreachable = true;
		}
		return this.keys;
	}

	private String discoverJwkSetUri() throws IOException, InterruptedException {
		JsonNode discovery = this.json.readTree(get(this.issuer.discoveryUri()));
		// OpenID Connect Discovery 1.0 §4.3: the document must name the issuer asked for
		String named = discovery.path("issuer").asString("");
		if (!this.issuer.issuerUri().equals(named)) {
			throw new IOException("its discovery document names the issuer '" + named + "'");
		}
		String jwksUri = discovery.path("jwks_uri").asString("");
		if (jwksUri.isBlank()) {
			throw new IOException("its discovery document has no jwks_uri");
		}
		return jwksUri;
	}

	private byte[] get(String uri) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(uri))
			.timeout(FETCH_TIMEOUT)
			.header("Accept", "application/json")
			.GET()
			.build();
		HttpResponse<InputStream> response = this.http.send(request, HttpResponse.BodyHandlers.ofInputStream());
		try (InputStream body = response.body()) {
			if (response.statusCode() != 200) {
				throw new IOException("HTTP " + response.statusCode());
			}
			byte[] bytes = body.readNBytes(MAX_DOCUMENT_BYTES + 1);
			if (bytes.length > MAX_DOCUMENT_BYTES) {
				throw new IOException("the document is over " + MAX_DOCUMENT_BYTES + " bytes");
			}
			return bytes;
		}
	}

	/** The signing keys of a JWK set by key id, and when they were fetched. */
	record KeySet(Map<String, Jwk<?>> byId, Instant fetchedAt) {

		static final KeySet NONE = new KeySet(Map.of(), Instant.MIN);

		/** The key with this id; without an id, the only key there is. */
		@Nullable Jwk<?> find(@Nullable String keyId) {
			if (keyId != null) {
				return this.byId.get(keyId);
			}
			List<Jwk<?>> all = List.copyOf(this.byId.values());
			return (all.size() == 1) ? all.get(0) : null;
		}

	}

}
