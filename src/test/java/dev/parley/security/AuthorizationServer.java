package dev.parley.security;

import java.io.IOException;
import java.net.CookieManager;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import jakarta.servlet.Filter;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A real Spring Authorization Server for the tests, in this JVM on a free loopback port:
 * OpenID discovery, a JWK set, client credentials, and the authorization code flow with
 * PKCE for its users (signed in through its login form). Its signing key can be rotated,
 * from RSA to EC too, and it can be stopped and started again on the same port (the same
 * issuer) with the same keys.
 * <p>
 * Clients (secret: the id and {@code -secret}): {@code parley-backend} (client
 * credentials, roles {@code ["parley-service"]}), {@code parley-web} (authorization code
 * + PKCE, roles from its users), {@code short-lived} (client credentials, 1 s tokens) and
 * {@code other-app} (client credentials, without Parley's audience). Every other client's
 * tokens have {@code aud} = its id and {@code parley}. Users (password {@code password}):
 * {@code grace} (role {@code parley-admin}) and {@code heidi} (no role).
 */
final class AuthorizationServer implements AutoCloseable {

	static final String AUDIENCE = "parley";

	/**
	 * A client's secret: its id and this (the server refuses two clients with one
	 * secret).
	 */
	static final String SECRET_SUFFIX = "-secret";

	private static final String REDIRECT = "http://127.0.0.1/callback";

	private final int port;

	private final Keys keys = new Keys();

	private final AtomicInteger jwkSetRequests = new AtomicInteger();

	private @Nullable ConfigurableApplicationContext context;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private AuthorizationServer(int port) {
		this.port = port;
	}

	static AuthorizationServer start() {
		AuthorizationServer server = new AuthorizationServer(freePort());
		server.startAgain();
		return server;
	}

	String issuer() {
		return "http://127.0.0.1:" + this.port;
	}

	/** Requests for the JWK set so far. */
	int jwkSetRequests() {
		return this.jwkSetRequests.get();
	}

	/** The key tokens are signed with now. */
	JWK signingKey() {
		return this.keys.signing;
	}

	/**
	 * Signs with a new key from now on, and publishes it beside the old ones.
	 * @param ec an EC P-256 key (ES256) instead of RSA (RS256)
	 */
	JWK rotate(boolean ec) {
		return this.keys.rotate(ec);
	}

	synchronized void stop() {
		if (this.context != null) {
			this.context.close();
			this.context = null;
		}
	}

	synchronized void startAgain() {
		if (this.context != null) {
			return;
		}
		this.context = new SpringApplicationBuilder(Application.class).web(WebApplicationType.SERVLET)
			.initializers((context) -> {
				context.getBeanFactory().registerSingleton("authorizationServerKeys", this.keys);
				context.getBeanFactory().registerSingleton("jwkSetRequestCount", this.jwkSetRequests);
			})
			.properties(Map.of("server.port", String.valueOf(this.port), "server.address", "127.0.0.1",
					"spring.config.name", "authorization-server-none", "spring.main.banner-mode", "off",
					"logging.level.org.springframework", "WARN", "issuer", issuer()))
			.run();
	}

	@Override
	public void close() {
		stop();
	}

	/** An access token by client credentials. */
	String clientCredentialsToken(String clientId) {
		String form = "grant_type=client_credentials&scope=chat";
		return token(clientId, form);
	}

	/**
	 * An access token for a user: the authorization code flow with PKCE, as a browser
	 * goes through it, signing in on the server's login form.
	 */
	String userToken(String username, String password) {
		HttpClient browser = HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
		String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(verifier));
		String authorize = issuer() + "/oauth2/authorize?response_type=code&client_id=parley-web&scope=openid"
				+ "&state=s1&code_challenge_method=S256&code_challenge=" + challenge + "&redirect_uri="
				+ encode(REDIRECT);
		HttpResponse<String> response = send(browser, get(authorize));
		String login = location(response);
		String page = send(browser, get(resolve(login))).body();
		Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page);
		if (!csrf.find()) {
			throw new IllegalStateException("no CSRF token on the login page: " + page);
		}
		response = send(browser, post(resolve(login),
				"username=" + encode(username) + "&password=" + encode(password) + "&_csrf=" + encode(csrf.group(1))));
		String next = location(response);
		if (next.contains("error")) {
			throw new IllegalStateException("sign-in refused for " + username);
		}
		response = send(browser, get(resolve(next)));
		String callback = location(response);
		Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(callback);
		if (!callback.startsWith(REDIRECT) || !code.find()) {
			throw new IllegalStateException("no code in " + callback);
		}
		String form = "grant_type=authorization_code&code=" + code.group(1) + "&redirect_uri=" + encode(REDIRECT)
				+ "&code_verifier=" + verifier;
		return token("parley-web", form);
	}

	private String token(String clientId, String form) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(issuer() + "/oauth2/token"))
			.header("Authorization",
					"Basic " + Base64.getEncoder()
						.encodeToString((clientId + ":" + clientId + SECRET_SUFFIX).getBytes(StandardCharsets.UTF_8)))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build();
		HttpResponse<String> response = send(this.http, request);
		if (response.statusCode() != 200) {
			throw new IllegalStateException("token endpoint: " + response.statusCode() + " " + response.body());
		}
		return JsonMapper.builder().build().readTree(response.body()).get("access_token").asString();
	}

	private String resolve(String location) {
		return location.startsWith("http") ? location : issuer() + location;
	}

	private static HttpRequest get(String uri) {
		return HttpRequest.newBuilder(URI.create(uri)).header("Accept", "text/html").GET().build();
	}

	private static HttpRequest post(String uri, String form) {
		return HttpRequest.newBuilder(URI.create(uri))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "text/html")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build();
	}

	private static String location(HttpResponse<String> response) {
		return response.headers()
			.firstValue("Location")
			.orElseThrow(() -> new IllegalStateException(
					"expected a redirect, got " + response.statusCode() + " " + response.body()));
	}

	private static HttpResponse<String> send(HttpClient client, HttpRequest request) {
		try {
			return client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static byte[] sha256(String text) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The server's keys: all published, the newest signs. They outlive a restart. */
	static final class Keys {

		private final List<JWK> published = new ArrayList<>();

		private volatile JWK signing;

		Keys() {
			this.signing = rsa();
			this.published.add(this.signing);
		}

		synchronized JWK rotate(boolean ec) {
			JWK next = ec ? ec() : rsa();
			this.published.add(0, next);
			this.signing = next;
			return next;
		}

		synchronized JWKSet set() {
			return new JWKSet(List.copyOf(this.published));
		}

		static JWK rsa() {
			try {
				KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
				generator.initialize(2048);
				KeyPair pair = generator.generateKeyPair();
				return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
					.keyID(UUID.randomUUID().toString())
					.keyUse(KeyUse.SIGNATURE)
					.algorithm(JWSAlgorithm.RS256)
					.build();
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

		static JWK ec() {
			try {
				KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
				generator.initialize(new ECGenParameterSpec("secp256r1"));
				KeyPair pair = generator.generateKeyPair();
				return new ECKey.Builder(Curve.P_256, (ECPublicKey) pair.getPublic())
					.privateKey((ECPrivateKey) pair.getPrivate())
					.keyID(UUID.randomUUID().toString())
					.keyUse(KeyUse.SIGNATURE)
					.algorithm(JWSAlgorithm.ES256)
					.build();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	/**
	 * The server application: only the auto-configuration a servlet authorization server
	 * needs, and no annotation that component scanning would find.
	 */
	@ImportAutoConfiguration({ TomcatServletWebServerAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
			WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class, JacksonAutoConfiguration.class,
			ServletWebSecurityAutoConfiguration.class })
	static class Application {

		@Bean
		SecurityFilterChain authorizationServerFilterChain(HttpSecurity http) throws Exception {
			http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				.oauth2AuthorizationServer((server) -> server.oidc(Customizer.withDefaults()))
				.formLogin(Customizer.withDefaults());
			return http.build();
		}

		@Bean
		FilterRegistrationBean<Filter> jwkSetRequestCounter(AtomicInteger jwkSetRequestCount) {
			FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
				if (((jakarta.servlet.http.HttpServletRequest) request).getRequestURI().equals("/oauth2/jwks")) {
					jwkSetRequestCount.incrementAndGet();
				}
				chain.doFilter(request, response);
			});
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
			return registration;
		}

		@Bean
		AuthorizationServerSettings authorizationServerSettings(org.springframework.core.env.Environment environment) {
			return AuthorizationServerSettings.builder().issuer(environment.getRequiredProperty("issuer")).build();
		}

		@Bean
		JWKSource<SecurityContext> jwkSource(Keys authorizationServerKeys) {
			return (selector, context) -> selector.select(authorizationServerKeys.set());
		}

		/** OpenID Connect's user info endpoint needs one; Parley never calls it. */
		@Bean
		JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource) {
			return NimbusJwtDecoder.withJwkSource(jwkSource).build();
		}

		@Bean
		OAuth2TokenCustomizer<JwtEncodingContext> parleyClaims(Keys authorizationServerKeys) {
			return (context) -> {
				JWK signing = authorizationServerKeys.signing;
				// the encoder takes the key this names among the published ones (ID
				// tokens too)
				context.getJwsHeader()
					.keyId(signing.getKeyID())
					.algorithm(org.springframework.security.oauth2.jose.jws.SignatureAlgorithm
						.from(signing.getAlgorithm().getName()));
				if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
					return;
				}
				String client = context.getRegisteredClient().getClientId();
				if (!client.equals("other-app")) {
					context.getClaims().audience(List.of(client, AUDIENCE));
				}
				if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
					if (client.equals("parley-backend")) {
						context.getClaims().claim("roles", List.of("parley-service"));
					}
					return;
				}
				context.getClaims().claim("preferred_username", context.getPrincipal().getName());
				context.getClaims()
					.claim("roles",
							context.getPrincipal()
								.getAuthorities()
								.stream()
								.map(GrantedAuthority::getAuthority)
								.filter((authority) -> authority.startsWith("ROLE_"))
								.map((authority) -> authority.substring(5))
								.collect(Collectors.toList()));
			};
		}

		@Bean
		UserDetailsService users() {
			return new InMemoryUserDetailsManager(
					User.withUsername("grace").password("{noop}password").roles("parley-admin").build(),
					User.withUsername("heidi").password("{noop}password").roles().build());
		}

		@Bean
		RegisteredClientRepository clients() {
			return new InMemoryRegisteredClientRepository(client("parley-backend", Duration.ofMinutes(5)),
					client("short-lived", Duration.ofSeconds(1)), client("other-app", Duration.ofMinutes(5)),
					RegisteredClient.withId(UUID.randomUUID().toString())
						.clientId("parley-web")
						.clientSecret("{noop}parley-web" + SECRET_SUFFIX)
						.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
						.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
						.redirectUri(REDIRECT)
						.scope("openid")
						.clientSettings(ClientSettings.builder()
							.requireProofKey(true)
							.requireAuthorizationConsent(false)
							.build())
						.build());
		}

		private static RegisteredClient client(String id, Duration tokensLast) {
			return RegisteredClient.withId(UUID.randomUUID().toString())
				.clientId(id)
				.clientSecret("{noop}" + id + SECRET_SUFFIX)
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
				.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
				.scope("chat")
				.tokenSettings(TokenSettings.builder().accessTokenTimeToLive(tokensLast).build())
				.build();
		}

	}

}
