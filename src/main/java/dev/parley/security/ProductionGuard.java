package dev.parley.security;

import java.util.Set;

import dev.parley.broker.BrokerProperties;

import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * Refuses to start the {@code prod} profile with a secret that is missing or published (the examples in the docs and
 * the tests), or with the demo accounts switched on; and relay mode without a shared secret.
 */
@Component
class ProductionGuard {

	/** Secrets that appear in this repository; never valid in production. */
	static final Set<String> PUBLISHED_SECRETS = Set.of("parley-development-secret-not-for-production-use",
			"parley-test-secret-0123456789abcdef0123456789abcdef");

	ProductionGuard(Environment environment, SecurityProperties properties, BrokerProperties broker) {
		String secret = properties.jwt().secret();
		if (broker.mode() == BrokerProperties.Mode.RELAY && (secret == null || secret.isBlank())) {
			throw new IllegalStateException("Relay mode needs parley.security.jwt.secret (env PARLEY_JWT_SECRET) shared "
					+ "by all nodes: a random key per node would make tokens from one node fail on another.");
		}
		if (!environment.acceptsProfiles(Profiles.of("prod"))) {
			return;
		}
		if (secret == null || secret.isBlank() || PUBLISHED_SECRETS.contains(secret)) {
			throw new IllegalStateException("The prod profile needs a private parley.security.jwt.secret "
					+ "(env PARLEY_JWT_SECRET, at least " + JwtService.MIN_SECRET_BYTES + " random bytes); "
					+ "it is unset or a published default.");
		}
		if (properties.demoUsers()) {
			throw new IllegalStateException("The prod profile refuses parley.security.demo-users=true");
		}
	}

}
