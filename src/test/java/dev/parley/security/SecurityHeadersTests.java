package dev.parley.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import dev.parley.support.ParleyTest;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page and the API answer with the headers that keep a browser from leaking or
 * embedding them.
 */
@ParleyTest
class SecurityHeadersTests {

	@LocalServerPort
	int port;

	@Test
	void thePageAndTheApiSendNoReferrerAndAllowNoPowerfulFeatures() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		for (String path : new String[] { "/", "/api/conversations" }) {
			HttpResponse<Void> response = http.send(
					HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
					HttpResponse.BodyHandlers.discarding());
			assertThat(response.headers().firstValue("Referrer-Policy")).as(path).hasValue("no-referrer");
			assertThat(response.headers().firstValue("Permissions-Policy")).as(path)
				.hasValue(HttpSecurityConfig.PERMISSIONS_POLICY);
			assertThat(response.headers().firstValue("Content-Security-Policy")).as(path)
				.hasValue(HttpSecurityConfig.CONTENT_SECURITY_POLICY);
			assertThat(response.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
		}
	}

}
