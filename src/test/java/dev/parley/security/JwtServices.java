package dev.parley.security;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import dev.parley.limits.LimitsProperties;
import dev.parley.support.Settings;

import org.springframework.beans.factory.support.StaticListableBeanFactory;

/** A {@link JwtService} made outside a Spring context, for unit and fuzz tests. */
final class JwtServices {

	private JwtServices() {
	}

	static JwtService of(SecurityProperties properties, JsonMapper json, Clock clock) {
		IdentityProviders providers = new IdentityProviders(properties, json, clock,
				new StaticListableBeanFactory().getBeanProvider(MeterRegistry.class));
		return new JwtService(properties, Settings.bind("parley.limits", LimitsProperties.class), json, clock,
				providers);
	}

}
