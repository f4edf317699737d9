package dev.parley.security;

import dev.parley.errors.ErrorMetrics;
import dev.parley.errors.ErrorReporter;
import dev.parley.limits.SessionLimiter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.messaging.MessageChannel;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.socket.EnableWebSocketSecurity;
import org.springframework.security.messaging.access.intercept.MessageMatcherDelegatingAuthorizationManager;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * STOMP security with spring-security-messaging, deny by default.
 * <p>
 * Ordered before {@link EnableWebSocketSecurity}'s configurer ({@code HIGHEST_PRECEDENCE + 100}) so that CONNECT is
 * authenticated from its JWT, and refused frames are explained to the client, before Spring Security's interceptors
 * read the user and enforce the same {@link DestinationPolicy}. Clients authenticate with a bearer
 * token, not a session cookie, so there is no cross-site request to forge: the CSRF check on CONNECT is replaced by a
 * no-op, the documented way to turn it off under {@code @EnableWebSocketSecurity}.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocketSecurity
@Order(Ordered.HIGHEST_PRECEDENCE + 99)
class StompSecurityConfig implements WebSocketMessageBrokerConfigurer {

	private final JwtService jwt;

	private final SessionLimiter sessionLimiter;

	private final DestinationPolicy policy;

	private final ErrorReporter reporter;

	private final ErrorMetrics metrics;

	private final ObjectProvider<MessageChannel> clientOutboundChannel;

	StompSecurityConfig(JwtService jwt, SessionLimiter sessionLimiter, DestinationPolicy policy, ErrorReporter reporter,
			ErrorMetrics metrics, @Qualifier("clientOutboundChannel") ObjectProvider<MessageChannel> clientOutboundChannel) {
		this.jwt = jwt;
		this.sessionLimiter = sessionLimiter;
		this.policy = policy;
		this.reporter = reporter;
		this.metrics = metrics;
		this.clientOutboundChannel = clientOutboundChannel;
	}

	@Override
	public void configureClientInboundChannel(ChannelRegistration registration) {
		registration.interceptors(
				new StompConnectAuthentication(this.jwt, this.sessionLimiter, this.clientOutboundChannel, this.metrics),
				new DestinationGuard(this.policy, this.reporter));
	}

	@Bean
	AuthorizationManager<Message<?>> messageAuthorizationManager(DestinationPolicy policy) {
		return MessageMatcherDelegatingAuthorizationManager.builder()
			.simpTypeMatchers(SimpMessageType.CONNECT)
			.authenticated()
			.simpTypeMatchers(SimpMessageType.SUBSCRIBE, SimpMessageType.MESSAGE)
			.access((authentication, context) -> policy.decide(authentication.get(), context.getMessage()))
			.simpTypeMatchers(SimpMessageType.UNSUBSCRIBE, SimpMessageType.HEARTBEAT, SimpMessageType.DISCONNECT)
			.permitAll()
			.anyMessage()
			.denyAll()
			.build();
	}

	/** Replaces the CSRF check on CONNECT; see the class comment. */
	@Bean
	ChannelInterceptor csrfChannelInterceptor() {
		return new ChannelInterceptor() {
		};
	}

	@Bean
	HandshakeInterceptor remoteAddressRecorder() {
		return new StompConnectAuthentication.RemoteAddressRecorder();
	}

}
