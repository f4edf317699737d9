package dev.parley.security;

import java.net.http.HttpClient;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The identity providers configured under {@code parley.security.issuers}, by the
 * {@code iss} their tokens carry. Keys are fetched over one HTTP client; a JWK set due
 * for renewal is fetched on one background thread, so no token waits for it.
 */
@Component
class IdentityProviders implements DisposableBean {

	private final Map<String, IssuerTokens> byIssuer = new LinkedHashMap<>();

	private final @Nullable ExecutorService background;

	IdentityProviders(SecurityProperties properties, JsonMapper jsonMapper, Clock clock,
			ObjectProvider<MeterRegistry> meterRegistry) {
		if (properties.issuers().isEmpty()) {
			this.background = null;
			return;
		}
		this.background = Executors.newSingleThreadExecutor((task) -> {
			Thread thread = new Thread(task, "parley-issuer-keys");
			thread.setDaemon(true);
			return thread;
		});
		HttpClient http = HttpClient.newBuilder()
			.connectTimeout(IssuerKeys.FETCH_TIMEOUT)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		JacksonJwtJson json = new JacksonJwtJson(jsonMapper);
		MeterRegistry registry = meterRegistry.getIfAvailable();
		for (SecurityProperties.Issuer issuer : properties.issuers()) {
			Runnable fetched = counter(registry, issuer, "ok");
			Runnable failed = counter(registry, issuer, "failed");
			IssuerKeys keys = new IssuerKeys(issuer, http, jsonMapper, json, clock, this.background, fetched, failed);
			this.byIssuer.put(issuer.issuerUri(),
					new IssuerTokens(issuer, keys, json, properties.jwt().clockSkew(), clock));
		}
	}

	private static Runnable counter(@Nullable MeterRegistry registry, SecurityProperties.Issuer issuer,
			String outcome) {
		if (registry == null) {
			return () -> {
			};
		}
		Counter counter = Counter.builder("parley.security.key.fetches")
			.description("Fetches of an identity provider's signing keys (JWK set)")
			.tag("issuer", issuer.issuerUri())
			.tag("outcome", outcome)
			.register(registry);
		return counter::increment;
	}

	/**
	 * The provider whose tokens carry this {@code iss}, or null if none is configured.
	 */
	@Nullable IssuerTokens forIssuer(@Nullable String issuer) {
		return (issuer != null) ? this.byIssuer.get(issuer) : null;
	}

	@Override
	public void destroy() {
		if (this.background != null) {
			this.background.shutdownNow();
		}
	}

}
