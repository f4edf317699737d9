package dev.parley.security;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Tag;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.parley.limits.LimitsProperties;
import dev.parley.support.Api;
import dev.parley.support.Settings;

import org.springframework.security.core.AuthenticationException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes token verification, the path every CONNECT, refresh and HTTP request takes: any
 * text as a token, and any header and claims signed with the right key (so that what
 * follows the signature check is reached). A token is either taken, for the subject it
 * names and with its expiry, or refused with an authentication error (401, or an ERROR
 * frame); nothing else may come out.
 *
 * <p>
 * {@code ./mvnw test} replays the committed inputs in
 * {@code src/test/resources/dev/parley/security/JwtFuzzTestsInputs}; a long run: see
 * docs/security.md.
 */
@Tag("fuzz")
class JwtFuzzTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JwtService jwt = JwtServices.of(new SecurityProperties(true,
			new SecurityProperties.Jwt(Api.TEST_SECRET, Duration.ofMinutes(5), Duration.ofSeconds(0), "parley", null),
			null), JSON, Clock.systemUTC());

	@FuzzTest(maxDuration = "5m")
	void tokens(byte[] input) {
		verify(new String(input, StandardCharsets.UTF_8), null);
	}

	/** The input's first line is the JOSE header, the rest the claims. */
	@FuzzTest(maxDuration = "5m")
	void claims(byte[] input) {
		String text = new String(input, StandardCharsets.UTF_8);
		int newline = text.indexOf('\n');
		String header = (newline >= 0) ? text.substring(0, newline) : "{\"alg\":\"HS256\"}";
		String claims = (newline >= 0) ? text.substring(newline + 1) : text;
		verify(Api.signed(header, claims), claims);
	}

	private void verify(String token, @Nullable String claims) {
		JwtService.Verified verified;
		try {
			verified = this.jwt.verify(token);
		}
		catch (AuthenticationException ex) {
			assertThat(ex.getMessage()).isNotBlank();
			return;
		}
		assertThat(verified.expiresAt()).isNotNull();
		String name = verified.authentication().getName();
		assertThat(name).isNotBlank().hasSizeLessThanOrEqualTo(JwtService.MAX_SUBJECT_LENGTH);
		if (claims != null) {
			JsonNode parsed = parse(claims);
			assertThat(parsed).as("claims taken are a JSON object").isNotNull();
			assertThat(claim(parsed, "sub")).isEqualTo(name);
			assertThat(claim(parsed, "iss")).isEqualTo("parley");
		}
	}

	/**
	 * A claim as jjwt reads it: it trims whitespace off claim names, so {@code " sub"} is
	 * {@code sub} (harmless: only holders of the key sign claims), and the last of equal
	 * names wins.
	 */
	private static @Nullable String claim(JsonNode claims, String name) {
		String value = null;
		for (Map.Entry<String, JsonNode> property : claims.properties()) {
			if (property.getKey().strip().equals(name)) {
				value = property.getValue().asString();
			}
		}
		return value;
	}

	private static @Nullable JsonNode parse(String claims) {
		try {
			return JSON.readTree(claims);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

}
