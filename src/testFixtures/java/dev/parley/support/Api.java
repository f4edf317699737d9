package dev.parley.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.io.AbstractSerializer;
import io.jsonwebtoken.security.Keys;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP API as a client sees it, plus tokens minted with the test key (as another
 * service holding the key would).
 */
public final class Api {

	/**
	 * The key every test context signs with; listed as published, so the prod profile
	 * refuses it.
	 */
	public static final String TEST_SECRET = "parley-test-secret-0123456789abcdef0123456789abcdef";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String base;

	public Api(int port) {
		this.base = "http://127.0.0.1:" + port;
	}

	/** A user name no other test uses. */
	public static String newUser(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/** A token for any user, signed with the test key. */
	public static String token(String user, String... roles) {
		return token(user, Duration.ofHours(1), roles.length == 0 ? new String[] { "USER" } : roles);
	}

	public static String token(String user, Duration validFor, String... roles) {
		return token("parley", user, validFor, roles);
	}

	/**
	 * A JWS of any header and claims text, signed with HS256 and the test key: for tokens
	 * no library would build.
	 */
	public static String signed(String header, String claims) {
		java.util.Base64.Encoder base64 = java.util.Base64.getUrlEncoder().withoutPadding();
		String input = base64.encodeToString(header.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "."
				+ base64.encodeToString(claims.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		try {
			javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
			mac.init(new javax.crypto.spec.SecretKeySpec(TEST_SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8),
					"HmacSHA256"));
			return input + "."
					+ base64.encodeToString(mac.doFinal(input.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A token signed with the test key, from the given issuer (none when null). */
	public static String token(@Nullable String issuer, String user, Duration validFor, String... roles) {
		Date now = new Date();
		return Jwts.builder().json(new AbstractSerializer<Map<String, ?>>() {
			@Override
			protected void doSerialize(Map<String, ?> value, java.io.OutputStream out) {
				JSON.writeValue(out, value);
			}
		})
			.subject(user)
			.issuer(issuer)
			.claim("roles", List.of(roles))
			.issuedAt(new Date(now.getTime() - Duration.ofHours(2).toMillis()))
			.expiration(new Date(now.getTime() + validFor.toMillis()))
			.signWith(Keys.hmacShaKeyFor(TEST_SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
			.compact();
	}

	public Response post(String path, @Nullable String token, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		return send(request, token);
	}

	public Response postJson(String path, @Nullable String token, Object body) {
		return post(path, token, JSON.writeValueAsString(body));
	}

	public Response get(String path, @Nullable String token) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path)).timeout(Duration.ofSeconds(10)).GET(), token);
	}

	private Response send(HttpRequest.Builder request, @Nullable String token) {
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.body(),
					response.headers().firstValue("Content-Type").orElse(""));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Upload a file as multipart/form-data in a part named {@code file}. */
	public Response upload(@Nullable String token, String filename, String contentType, byte[] content) {
		String boundary = "parley-" + UUID.randomUUID();
		byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
				+ "\"\r\nContent-Type: " + contentType + "\r\n\r\n")
			.getBytes(java.nio.charset.StandardCharsets.UTF_8);
		byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
		byte[] body = new byte[head.length + content.length + tail.length];
		System.arraycopy(head, 0, body, 0, head.length);
		System.arraycopy(content, 0, body, head.length, content.length);
		System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
		return send(HttpRequest.newBuilder(URI.create(this.base + "/api/files"))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body)), token);
	}

	/** Create a conversation as the user; returns its id. */
	public UUID createConversation(String creator, String... members) {
		return createTitledConversation(creator, "Test " + creator, members);
	}

	/** Create a conversation with this title as the user; returns its id. */
	public UUID createTitledConversation(String creator, String title, String... members) {
		Response response = postJson("/api/conversations", token(creator),
				Map.of("title", title, "members", List.of(members)));
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		return UUID.fromString(response.json().get("id").asString());
	}

	/** An HTTP response. */
	public record Response(int status, String body, String contentType) {

		public JsonNode json() {
			return JSON.readTree(this.body);
		}

	}

}
