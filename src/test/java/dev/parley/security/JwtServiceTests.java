package dev.parley.security;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.parley.limits.LimitsProperties;
import dev.parley.support.Api;
import dev.parley.support.Settings;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.CredentialsExpiredException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JwtServiceTests {

	final JwtService jwt = JwtServices.of(new SecurityProperties(true,
			new SecurityProperties.Jwt(Api.TEST_SECRET, Duration.ofMinutes(5), Duration.ofSeconds(0), "parley", null),
			null), JsonMapper.builder().build(), Clock.systemUTC());

	@Test
	void mintedTokensRoundTripWithRolesAndExpiry() {
		JwtService.MintedToken minted = this.jwt.mint("alice", List.of(Role.SERVICE));
		assertThat(minted.expiresAt()).isBetween(java.time.Instant.now().plusSeconds(290),
				java.time.Instant.now().plusSeconds(301));
		Authentication authentication = this.jwt.authenticate(minted.token());
		assertThat(authentication.getName()).isEqualTo("alice");
		assertThat(authentication.getAuthorities()).extracting(GrantedAuthority::getAuthority)
			.containsExactly("ROLE_SERVICE");
	}

	@Test
	void tokensWithoutRolesAreUsers() {
		String token = Api.token("bob", Duration.ofMinutes(1), "UNKNOWN_ROLE");
		assertThat(this.jwt.authenticate(token).getAuthorities()).extracting(GrantedAuthority::getAuthority)
			.containsExactly("ROLE_USER");
	}

	@Test
	void refusesBadTokens() {
		assertThatThrownBy(() -> this.jwt.authenticate(null)).isInstanceOf(BadCredentialsException.class);
		assertThatThrownBy(() -> this.jwt.authenticate("")).isInstanceOf(BadCredentialsException.class);
		assertThatThrownBy(() -> this.jwt.authenticate("a.b.c")).isInstanceOf(BadCredentialsException.class);
		assertThatThrownBy(() -> this.jwt.authenticate(Api.token("x", Duration.ofSeconds(-1), "USER")))
			.isInstanceOf(CredentialsExpiredException.class);
		assertThatThrownBy(() -> this.jwt.authenticate(Api.token("has space")))
			.isInstanceOf(BadCredentialsException.class);
	}

	@Test
	void aTokenWithoutAnExpiryIsRefusedAndOneWithIsTaken() {
		String header = "{\"alg\":\"HS256\"}";
		assertThatThrownBy(() -> this.jwt.authenticate(Api.signed(header, "{\"sub\":\"erin\",\"iss\":\"parley\"}")))
			.isInstanceOf(BadCredentialsException.class)
			.hasMessage("Invalid token: its exp claim is missing or not accepted here");
		long later = java.time.Instant.now().plusSeconds(60).getEpochSecond();
		assertThat(
				this.jwt.authenticate(Api.signed(header, "{\"sub\":\"erin\",\"iss\":\"parley\",\"exp\":" + later + "}"))
					.getName())
			.isEqualTo("erin");
	}

	@Test
	void aTokenVerifiedBeforeIsStillRefusedOnceItExpires() {
		String token = Api.token("carol", Duration.ofSeconds(2), "USER");
		assertThat(this.jwt.authenticate(token).getName()).isEqualTo("carol");
		assertThat(this.jwt.authenticate(token).getName()).as("again, from the cache of verified tokens")
			.isEqualTo("carol");
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThatThrownBy(() -> this.jwt.authenticate(token))
				.isInstanceOf(CredentialsExpiredException.class));
		// and a tampered copy of a cached token is not taken for it
		String tampered = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");
		assertThatThrownBy(() -> this.jwt.authenticate(tampered)).isInstanceOf(BadCredentialsException.class);
	}

	@Test
	void theCacheOfVerifiedTokensLetsATokenGoWhenItExpiresEvenIfNothingElseIsVerified() {
		String shortLived = Api.token("erin", Duration.ofSeconds(2), "USER");
		String longLived = Api.token("frank", Duration.ofHours(1), "USER");
		this.jwt.authenticate(shortLived);
		this.jwt.authenticate(longLived);
		assertThat(this.jwt.cachedTokens()).isEqualTo(2);
		// no lookup, no other token: the cache's scheduler removes it
		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> this.jwt.cachedTokens() == 1);
		assertThat(this.jwt.authenticate(longLived).getName()).isEqualTo("frank");
	}

	@Test
	void aConfiguredAudienceIsWrittenAndRequired() {
		JwtService withAudience = JwtServices.of(
				new SecurityProperties(true, new SecurityProperties.Jwt(Api.TEST_SECRET, Duration.ofMinutes(5),
						Duration.ofSeconds(0), "parley", "chat.example.com"), null),
				JsonMapper.builder().build(), Clock.systemUTC());
		String minted = withAudience.mint("dave", List.of(Role.USER)).token();
		assertThat(withAudience.authenticate(minted).getName()).isEqualTo("dave");
		assertThatThrownBy(() -> withAudience.authenticate(Api.token("dave")))
			.isInstanceOf(BadCredentialsException.class)
			.hasMessageContaining("aud claim");
		// a token for an audience is still good where none is required
		assertThat(this.jwt.authenticate(minted).getName()).isEqualTo("dave");
	}

	@Test
	void aTokenFromAnotherIssuerIsRefused() {
		assertThatThrownBy(() -> this.jwt.authenticate(Api.token("elsewhere", "erin", Duration.ofMinutes(1), "USER")))
			.isInstanceOf(BadCredentialsException.class)
			.hasMessageContaining("iss claim");
		assertThatThrownBy(() -> this.jwt.authenticate(Api.token(null, "erin", Duration.ofMinutes(1), "USER")))
			.isInstanceOf(BadCredentialsException.class);
	}

	@Test
	void readsBearerHeaders() {
		assertThat(JwtService.bearer("Bearer abc")).isEqualTo("abc");
		assertThat(JwtService.bearer("bearer  abc ")).isEqualTo("abc");
		assertThat(JwtService.bearer("Basic abc")).isNull();
		assertThat(JwtService.bearer(null)).isNull();
	}

}
