package dev.parley.security;

import dev.parley.errors.ErrorMetrics;
import dev.parley.errors.ErrorReporter;
import dev.parley.limits.SessionLimiter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.messaging.access.intercept.AuthorizationChannelInterceptor;
import org.springframework.security.messaging.access.intercept.MessageMatcherDelegatingAuthorizationManager;
import org.springframework.security.messaging.context.SecurityContextChannelInterceptor;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * The STOMP security steps, as beans that the inbound pipeline
 * ({@code broker.InboundPipelineConfig}) puts in order: CONNECT authentication, the
 * destination guard, and Spring Security's interceptors with a deny-by-default
 * authorization manager.
 * <p>
 * Spring Security's interceptors are made here rather than by
 * {@code @EnableWebSocketSecurity}, which would register them itself, at an order of its
 * own, with a CSRF check: clients authenticate with a bearer token on CONNECT, not a
 * session cookie, so there is no cross-site request to forge.
 */
@Configuration(proxyBeanMethods = false)
class StompSecurityConfig {

	@Bean
	StompConnectAuthentication stompConnectAuthentication(JwtService jwt, SessionLimiter sessionLimiter,
			ErrorMetrics metrics, @Qualifier("clientOutboundChannel") ObjectProvider<MessageChannel> outbound,
			SessionLifetime lifetime) {
		return new StompConnectAuthentication(jwt, sessionLimiter, outbound, metrics, lifetime);
	}

	@Bean
	DestinationGuard destinationGuard(DestinationPolicy policy, ErrorReporter reporter) {
		return new DestinationGuard(policy, reporter);
	}

	/**
	 * Deny by default: CONNECT must be authenticated; SUBSCRIBE and SEND pass only with
	 * the destination guard's grant (the policy is not asked a second time); UNSUBSCRIBE,
	 * heartbeats and DISCONNECT pass; anything else is denied.
	 */
	@Bean
	AuthorizationManager<Message<?>> messageAuthorizationManager() {
		return MessageMatcherDelegatingAuthorizationManager.builder()
			.simpTypeMatchers(SimpMessageType.CONNECT)
			.authenticated()
			.simpTypeMatchers(SimpMessageType.SUBSCRIBE, SimpMessageType.MESSAGE)
			.access((authentication, context) -> grantOf(context.getMessage()))
			.simpTypeMatchers(SimpMessageType.UNSUBSCRIBE, SimpMessageType.HEARTBEAT, SimpMessageType.DISCONNECT)
			.permitAll()
			.anyMessage()
			.denyAll()
			.build();
	}

	private static AuthorizationResult grantOf(Message<?> message) {
		DestinationPolicy.Verdict verdict = DestinationGuard.verdictOf(message);
		return (verdict != null) ? verdict : new AuthorizationDecision(false);
	}

	@Bean
	SecurityContextChannelInterceptor securityContextChannelInterceptor() {
		return new SecurityContextChannelInterceptor();
	}

	@Bean
	AuthorizationChannelInterceptor authorizationChannelInterceptor(
			AuthorizationManager<Message<?>> messageAuthorizationManager) {
		return new AuthorizationChannelInterceptor(messageAuthorizationManager);
	}

	@Bean
	ConversationMemberArgumentResolver conversationMemberArgumentResolver() {
		return new ConversationMemberArgumentResolver();
	}

	@Bean
	HandshakeInterceptor remoteAddressRecorder() {
		return new RemoteAddressRecorder();
	}

}
