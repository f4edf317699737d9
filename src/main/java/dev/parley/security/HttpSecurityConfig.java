package dev.parley.security;

import tools.jackson.databind.json.JsonMapper;

import dev.parley.stomp.Destinations;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * HTTP: stateless bearer tokens, no cookies and so no CSRF exposure; the page, the socket
 * handshakes, the AsyncAPI document, health and metrics are open, the API needs a token,
 * everything else is denied. The sockets authenticate on STOMP CONNECT, never with a
 * token in the URL.
 */
@Configuration(proxyBeanMethods = false)
class HttpSecurityConfig {

	/**
	 * Browser features the page does not use, none allowed to it or to what it embeds.
	 */
	static final String PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
			+ "frame-ancestors 'self'";

	/**
	 * The native WebSocket handshake: open (the socket authenticates on STOMP CONNECT),
	 * so it runs only the filters an open, stateless request needs - the firewall, the
	 * headers and an authorization filter that permits it - not the whole chain below,
	 * whose filters every reconnect would pay for (docs/performance.md). SockJS, whose
	 * transports are ordinary HTTP requests, stays on the chain below.
	 */
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	SecurityFilterChain socketHandshake(HttpSecurity http) throws Exception {
		http.securityMatcher(Destinations.WEBSOCKET_PATH)
			.csrf(csrf -> csrf.disable())
			.headers(HttpSecurityConfig::pageHeaders)
			.sessionManagement(session -> session.disable())
			.securityContext(context -> context.disable())
			.servletApi(servletApi -> servletApi.disable())
			.anonymous(anonymous -> anonymous.disable())
			.httpBasic(basic -> basic.disable())
			.formLogin(form -> form.disable())
			.logout(logout -> logout.disable())
			.requestCache(cache -> cache.disable())
			.authorizeHttpRequests(requests -> requests.anyRequest().permitAll());
		return http.build();
	}

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE + 1)
	SecurityFilterChain httpSecurity(HttpSecurity http, JwtService jwt, JsonMapper jsonMapper) throws Exception {
		ProblemResponses problems = new ProblemResponses(jsonMapper);
		http.csrf(csrf -> csrf.disable())
			// the sample page runs only its own files: injected markup could not run
			// script even if it got in
			.headers(HttpSecurityConfig::pageHeaders)
			.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.httpBasic(basic -> basic.disable())
			.formLogin(form -> form.disable())
			.logout(logout -> logout.disable())
			.requestCache(cache -> cache.disable())
			.addFilterBefore(new BearerTokenFilter(jwt, problems), AnonymousAuthenticationFilter.class)
			.exceptionHandling(ex -> ex.authenticationEntryPoint(problems).accessDeniedHandler(problems))
			.authorizeHttpRequests(requests -> requests.requestMatchers(HttpMethod.POST, "/api/auth/token")
				.permitAll()
				.requestMatchers(HttpMethod.GET, "/api/auth/demo-users")
				.permitAll()
				// the AsyncAPI document describes the public wire API, as docs/api.md
				// does, and holds nothing of any user's
				.requestMatchers(HttpMethod.GET, "/api/asyncapi.yaml", "/api/asyncapi.json")
				.permitAll()
				.requestMatchers(HttpMethod.POST, "/api/users/*/notifications")
				.hasRole(Role.SERVICE.name())
				.requestMatchers("/api/**")
				.authenticated()
				.requestMatchers("/sockjs/**")
				.permitAll()
				.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus")
				.permitAll()
				.requestMatchers("/actuator/**")
				.hasRole(Role.SERVICE.name())
				.requestMatchers(HttpMethod.GET, "/", "/*.html", "/*.js", "/*.css", "/*.svg", "/*.png", "/*.ico",
						"/js/**", "/css/**", "/webjars/**")
				.permitAll()
				.requestMatchers("/error")
				.permitAll()
				.anyRequest()
				.denyAll());
		return http.build();
	}

	@Bean
	AuthenticationManager authenticationManager(UserDetailsService users, PasswordEncoder encoder) {
		DaoAuthenticationProvider provider = new DaoAuthenticationProvider(users);
		provider.setPasswordEncoder(encoder);
		return new ProviderManager(provider);
	}

	/**
	 * Spring Security's defaults (no sniffing, frame options, no caching of API answers)
	 * plus a content security policy, no referrer, and no powerful browser features.
	 */
	private static void pageHeaders(HeadersConfigurer<HttpSecurity> headers) {
		headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
			.referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
			.permissionsPolicyHeader(permissions -> permissions.policy(PERMISSIONS_POLICY));
	}

}
