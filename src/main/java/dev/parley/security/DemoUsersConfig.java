package dev.parley.security;

import java.util.Arrays;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * The password accounts behind {@code POST /api/auth/token}. Parley keeps no user
 * database: real deployments mint tokens in their own identity service with the shared
 * key; the demo accounts exist so that a fresh checkout has someone to chat as.
 */
@Configuration(proxyBeanMethods = false)
class DemoUsersConfig {

	static final List<String> DEMO_USERS = List.of("alice", "bob", "carol", "dave", "erin");

	static final String DEMO_SERVICE = "backend";

	/** The demo operator: ADMIN (the live admin view) and USER (so it may chat too). */
	static final String DEMO_ADMIN = "admin";

	static final String DEMO_PASSWORD = "demo";

	private static final Log logger = LogFactory.getLog(DemoUsersConfig.class);

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	UserDetailsService userDetailsService(SecurityProperties properties, PasswordEncoder encoder) {
		InMemoryUserDetailsManager manager = new InMemoryUserDetailsManager();
		if (properties.demoUsers()) {
			logger.warn("Demo users are enabled (" + String.join(", ", DEMO_USERS) + ", " + DEMO_SERVICE + ", "
					+ DEMO_ADMIN + "; password '" + DEMO_PASSWORD
					+ "'). Set parley.security.demo-users=false for real use.");
			String hash = encoder.encode(DEMO_PASSWORD);
			DEMO_USERS.forEach(name -> manager.createUser(user(name, hash, Role.USER)));
			manager.createUser(user(DEMO_SERVICE, hash, Role.SERVICE));
			manager.createUser(user(DEMO_ADMIN, hash, Role.ADMIN, Role.USER));
		}
		return manager;
	}

	private static UserDetails user(String name, String hash, Role... roles) {
		return User.withUsername(name)
			.password(hash)
			.roles(Arrays.stream(roles).map(Role::name).toArray(String[]::new))
			.build();
	}

}
