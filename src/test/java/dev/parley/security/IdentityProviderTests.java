package dev.parley.security;

import java.security.PrivateKey;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import javax.crypto.SecretKey;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import io.jsonwebtoken.security.SecureDigestAlgorithm;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.parley.support.Api;
import dev.parley.support.ParleyTest;
import dev.parley.support.StompTestClient;
import dev.parley.support.StompTestClient.Frame;
import dev.parley.support.StompTestClient.Session;
import dev.parley.support.StompTestClient.Subscription;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Access tokens of a real identity provider (Spring Authorization Server, started here):
 * its users and services connect and chat, its roles map to Parley's, and every way a
 * token can be wrong is refused with a clear error: audience, issuer, expiry, an unknown
 * key, an algorithm its key is not for. Its key rotation is picked up without a restart,
 * and while it is down, the keys already fetched keep working.
 */
@ParleyTest
class IdentityProviderTests {

	static final AuthorizationServer idp = AuthorizationServer.start();

	/** The RSA key the server started with, published throughout. */
	static final JWK firstKey = idp.signingKey();

	static final Duration KEY_REFRESH = Duration.ofSeconds(1);

	@DynamicPropertySource
	static void issuer(DynamicPropertyRegistry registry) {
		registry.add("parley.security.issuers[0].issuer-uri", idp::issuer);
		registry.add("parley.security.issuers[0].audience", () -> AuthorizationServer.AUDIENCE);
		registry.add("parley.security.issuers[0].role-mapping.parley-service", () -> "SERVICE");
		registry.add("parley.security.issuers[0].role-mapping.parley-admin", () -> "ADMIN");
		registry.add("parley.security.issuers[0].key-refresh-interval", () -> KEY_REFRESH.toMillis() + "ms");
		registry.add("parley.security.jwt.clock-skew", () -> "0s");
	}

	@AfterAll
	static void stopServer() {
		idp.close();
	}

	@LocalServerPort
	int port;

	@Autowired
	JwtService jwt;

	Api api;

	StompTestClient client;

	@BeforeEach
	void setUp() {
		this.api = new Api(this.port);
		this.client = StompTestClient.nativeWebSocket(this.port);
	}

	@AfterEach
	void tearDown() {
		this.client.close();
	}

	@Test
	void aUserSignedInAtTheIssuerChatsAndAServiceOfItPostsToTheConversation() {
		String heidi = idp.userToken("heidi", "password");
		Api.Response created = this.api.post("/api/conversations", heidi, "{\"title\":\"via the IdP\",\"members\":[]}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.json().get("id").asString();

		Session session = this.client.connect(heidi);
		Subscription topic = session.subscribeWithReceipt("/topic/conversation." + id);
		session.sendWithReceipt("/app/conversation." + id + ".send", Map.of("content", "hello from heidi")).await();
		JsonNode own = topic.nextJson();
		assertThat(own.get("sender").asString()).isEqualTo("heidi");
		assertThat(own.get("content").asString()).isEqualTo("hello from heidi");

		String backend = idp.clientCredentialsToken("parley-backend");
		Api.Response posted = this.api.post("/api/conversations/" + id + "/messages", backend,
				"{\"content\":\"from a service\"}");
		assertThat(posted.status()).as(posted.body()).isEqualTo(201);
		JsonNode fromService = topic.nextJson();
		assertThat(fromService.get("sender").asString()).isEqualTo("parley-backend");
		assertThat(fromService.get("content").asString()).isEqualTo("from a service");
	}

	@Test
	void theIssuersRolesMapToParleysAndUnmappedOnesGrantNothing() {
		assertThat(roles(idp.userToken("grace", "password"))).containsExactly("ROLE_ADMIN");
		assertThat(roles(idp.userToken("heidi", "password"))).containsExactly("ROLE_USER");
		assertThat(roles(idp.clientCredentialsToken("parley-backend"))).containsExactly("ROLE_SERVICE");
		// a role named like Parley's grants nothing unless it is mapped
		String claimsAdmin = sign(firstKey, Jwts.SIG.RS256, idp.issuer(), List.of(AuthorizationServer.AUDIENCE),
				Map.of("roles", List.of("ADMIN", "SERVICE")));
		assertThat(roles(claimsAdmin)).containsExactly("ROLE_USER");
		assertThat(this.jwt.authenticate(claimsAdmin).getName()).isEqualTo("mallory");
	}

	@Test
	void aTokenForAnotherAudienceIsRefused() {
		String otherApp = idp.clientCredentialsToken("other-app");
		Frame error = this.client.connectExpectingError(StompConnectTests.bearer(otherApp));
		assertThat(error.header("message"))
			.isEqualTo("Unauthorized: Invalid token: its aud claim is missing or not accepted here");
		assertThat(this.api.get("/api/conversations", otherApp).status()).isEqualTo(401);
	}

	@Test
	void aTokenSignedWithTheIssuersKeyButNamingAnotherIssuerIsRefused() {
		String token = sign(firstKey, Jwts.SIG.RS256, "https://idp.example.com", List.of(AuthorizationServer.AUDIENCE),
				Map.of());
		Frame error = this.client.connectExpectingError(StompConnectTests.bearer(token));
		assertThat(error.header("message"))
			.isEqualTo("Unauthorized: Invalid token: its iss claim is missing or not accepted here");
	}

	@Test
	void aTokenNamingTheIssuersKeyButSignedWithAnotherIsRefused() throws JOSEException {
		PrivateKey impostor = AuthorizationServer.Keys.rsa().toRSAKey().toPrivateKey();
		String forged = token(firstKey.getKeyID(), idp.issuer(), List.of(AuthorizationServer.AUDIENCE), Map.of(),
				(builder) -> builder.signWith(impostor, Jwts.SIG.RS256));
		Frame error = this.client.connectExpectingError(StompConnectTests.bearer(forged));
		assertThat(error.header("message")).isEqualTo("Unauthorized: Invalid token");
	}

	@Test
	void anExpiredTokenIsRefused() {
		String shortLived = idp.clientCredentialsToken("short-lived");
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			try (StompTestClient later = StompTestClient.nativeWebSocket(this.port)) {
				Frame error = later.connectExpectingError(StompConnectTests.bearer(shortLived));
				assertThat(error.header("message")).isEqualTo("Unauthorized: Token has expired");
			}
		});
		assertThat(this.api.get("/api/conversations", shortLived).body()).contains("Token has expired");
	}

	@Test
	void algorithmsTheKeyIsNotForAreRefused() throws JOSEException {
		// RS512 with the RS256 key
		String rs512 = sign(firstKey, Jwts.SIG.RS512, idp.issuer(), List.of(AuthorizationServer.AUDIENCE), Map.of());
		assertThat(refusal(rs512))
			.isEqualTo("Unauthorized: Invalid token: its signing algorithm does not match its key's (RS256)");
		// the issuer's public key used as an HMAC secret (RFC 8725 §2.1)
		SecretKey publicKeyAsSecret = Keys.hmacShaKeyFor(firstKey.toRSAKey().toPublicKey().getEncoded());
		String hs256 = token(firstKey.getKeyID(), idp.issuer(), List.of(AuthorizationServer.AUDIENCE), Map.of(),
				(builder) -> builder.signWith(publicKeyAsSecret, Jwts.SIG.HS256));
		assertThat(refusal(hs256)).startsWith("Unauthorized: Invalid token: its signing algorithm is not accepted");
		String unsigned = token(null, idp.issuer(), List.of(AuthorizationServer.AUDIENCE), Map.of(),
				UnaryOperator.identity());
		assertThat(refusal(unsigned)).isEqualTo("Unauthorized: Invalid token");
	}

	@Test
	void unknownKeyIdsAreRefusedWithoutHammeringTheIssuer() {
		JWK stranger = AuthorizationServer.Keys.rsa();
		String token = sign(stranger, Jwts.SIG.RS256, idp.issuer(), List.of(AuthorizationServer.AUDIENCE), Map.of());
		assertThat(refusal(token)).startsWith("Unauthorized: Invalid token: its signing key is ");

		int before = idp.jwkSetRequests();
		long started = System.nanoTime();
		for (int i = 0; i < 40; i++) {
			JWK forged = AuthorizationServer.Keys.ec();
			String next = sign(forged, Jwts.SIG.ES256, idp.issuer(), List.of(AuthorizationServer.AUDIENCE), Map.of());
			Api.Response response = this.api.get("/api/conversations", next);
			assertThat(response.status()).isEqualTo(401);
			assertThat(response.body()).contains("its signing key is ");
		}
		Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
		// one fetch per refresh interval at most, whatever the number of unknown ids
		long allowed = 1 + elapsed.toMillis() / KEY_REFRESH.toMillis();
		assertThat(idp.jwkSetRequests() - before).isLessThanOrEqualTo((int) allowed);
	}

	@Test
	void aKeyRotationAtTheIssuerIsPickedUpWithoutARestart() {
		String before = idp.clientCredentialsToken("parley-backend");
		assertThat(this.api.get("/api/conversations", before).status()).isEqualTo(200);

		JWK next = idp.rotate(true);
		String after = idp.clientCredentialsToken("parley-backend");
		assertThat(headerOf(after)).contains("\"ES256\"").contains(next.getKeyID());
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.api.get("/api/conversations", after).status()).isEqualTo(200));
		Session session = this.client.connect(after);
		assertThat(session.isConnected()).isTrue();
		// the old key is still published, so its tokens still work
		assertThat(this.api.get("/api/conversations", before).status()).isEqualTo(200);
	}

	@Test
	void whileTheIssuerIsDownKnownKeysWorkAndNewOnesAreRefusedAsUnavailable() {
		String warmUp = idp.clientCredentialsToken("parley-backend");
		assertThat(this.api.get("/api/conversations", warmUp).status()).isEqualTo(200);
		String knownKey = idp.clientCredentialsToken("parley-backend");
		idp.rotate(false);
		String newKey = idp.clientCredentialsToken("parley-backend");
		idp.stop();
		try {
			Session session = this.client.connect(knownKey);
			assertThat(session.isConnected()).isTrue();
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				try (StompTestClient another = StompTestClient.nativeWebSocket(this.port)) {
					Frame error = another.connectExpectingError(StompConnectTests.bearer(newKey));
					assertThat(error.header("message")).isEqualTo("Unavailable: The signing keys of the token's "
							+ "issuer could not be fetched; try again later");
				}
			});
			Api.Response http = this.api.get("/api/conversations", newKey);
			assertThat(http.status()).isEqualTo(503);
			assertThat(http.json().get("code").asString()).isEqualTo("UNAVAILABLE");
		}
		finally {
			idp.startAgain();
		}
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.api.get("/api/conversations", newKey).status()).isEqualTo(200));
	}

	private String refusal(String token) {
		try (StompTestClient fresh = StompTestClient.nativeWebSocket(this.port)) {
			return fresh.connectExpectingError(StompConnectTests.bearer(token)).header("message");
		}
	}

	private List<String> roles(String token) {
		return this.jwt.authenticate(token).getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
	}

	private static String headerOf(String token) {
		return new String(java.util.Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))));
	}

	/**
	 * A token for {@code mallory} signed with the given key and algorithm, naming its key
	 * id.
	 */
	private static String sign(JWK key, SecureDigestAlgorithm<PrivateKey, ?> algorithm, String issuer,
			List<String> audience, Map<String, Object> claims) {
		try {
			PrivateKey privateKey = (key instanceof com.nimbusds.jose.jwk.ECKey ec) ? ec.toPrivateKey()
					: key.toRSAKey().toPrivateKey();
			return token(key.getKeyID(), issuer, audience, claims,
					(builder) -> builder.signWith(privateKey, algorithm));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A token for {@code mallory}, valid for a minute, as {@code signing} signs it (or
	 * not).
	 */
	private static String token(@Nullable String keyId, String issuer, List<String> audience,
			Map<String, Object> claims, UnaryOperator<JwtBuilder> signing) {
		JwtBuilder builder = Jwts.builder()
			.header()
			.keyId(keyId)
			.and()
			.issuer(issuer)
			.subject("mallory")
			.id(UUID.randomUUID().toString())
			.audience()
			.add(audience)
			.and()
			.claims(claims)
			.expiration(new Date(System.currentTimeMillis() + 60_000))
			.json(JsonForTests.serializer());
		return signing.apply(builder).compact();
	}

}
