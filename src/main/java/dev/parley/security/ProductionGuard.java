package dev.parley.security;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * Refuses to start with a secret too short for HS256, and the {@code prod} profile with a
 * secret that is missing or published (the examples in the docs and the tests), with the
 * demo accounts switched on, or with an identity provider whose keys would come over
 * plain HTTP from another host.
 * <p>
 * A bean factory post-processor, so the refusal comes before any bean is made: a
 * misconfigured node never opens its database, broker connection or port.
 */
@Component
class ProductionGuard implements BeanFactoryPostProcessor, EnvironmentAware {

	/** Secrets that appear in this repository; never valid in production. */
	static final Set<String> PUBLISHED_SECRETS = Set.of("parley-development-secret-not-for-production-use",
			"parley-test-secret-0123456789abcdef0123456789abcdef");

	private Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		Binder binder = Binder.get(this.environment);
		check(this.environment, binder.bindOrCreate("parley.security", SecurityProperties.class));
	}

	private static boolean loopback(String uri) {
		String host = URI.create(uri).getHost();
		return "localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
	}

	static void check(Environment environment, SecurityProperties properties) {
		String secret = properties.jwt().secret();
		boolean unset = secret == null || secret.isBlank();
		if (!unset && secret.getBytes(StandardCharsets.UTF_8).length < JwtService.MIN_SECRET_BYTES) {
			throw new IllegalStateException("parley.security.jwt.secret must be at least " + JwtService.MIN_SECRET_BYTES
					+ " bytes for HS256, but it has " + secret.getBytes(StandardCharsets.UTF_8).length);
		}
		if (!environment.acceptsProfiles(Profiles.of("prod"))) {
			return;
		}
		if (unset || PUBLISHED_SECRETS.contains(secret)) {
			throw new IllegalStateException(
					"The prod profile needs a private parley.security.jwt.secret " + "(env PARLEY_JWT_SECRET, at least "
							+ JwtService.MIN_SECRET_BYTES + " random bytes); " + "it is unset or a published default.");
		}
		if (properties.demoUsers()) {
			throw new IllegalStateException("The prod profile refuses parley.security.demo-users=true");
		}
		for (SecurityProperties.Issuer issuer : properties.issuers()) {
			// keys fetched over plain HTTP could be swapped on the way, and tokens forged
			// with them
			for (String uri : new String[] { issuer.issuerUri(), issuer.jwkSetUri() }) {
				if (uri != null && !uri.startsWith("https://") && !loopback(uri)) {
					throw new IllegalStateException(
							"The prod profile fetches an issuer's keys over HTTPS only: " + uri);
				}
			}
		}
	}

}
