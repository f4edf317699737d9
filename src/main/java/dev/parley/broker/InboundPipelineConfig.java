package dev.parley.broker;

import java.util.List;
import java.util.concurrent.Executor;

import dev.parley.limits.SubscriptionLimiter;
import dev.parley.security.ConversationMemberArgumentResolver;
import dev.parley.security.DestinationGuard;
import dev.parley.security.StompConnectAuthentication;
import dev.parley.stomp.AcceptedReturnValueHandler;
import dev.parley.stomp.Receipts;
import dev.parley.stomp.SessionUserArgumentResolver;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;
import org.springframework.messaging.handler.invocation.HandlerMethodReturnValueHandler;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.security.messaging.access.intercept.AuthorizationChannelInterceptor;
import org.springframework.security.messaging.context.SecurityContextChannelInterceptor;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

/**
 * The inbound pipeline: every step a client frame passes on {@code clientInboundChannel},
 * in order, and what the {@code /app} handlers get and give back.
 * <ol>
 * <li>{@link InboundFailures}: answers any frame that a later step throws on (it hears of
 * every failure after it).</li>
 * <li>{@link StompConnectAuthentication}: CONNECT's bearer token becomes the session's
 * user, within the session limits; a refusal is answered with an ERROR frame.</li>
 * <li>{@link DestinationGuard}: SUBSCRIBE and SEND are decided once by the destination
 * policy; a refusal is explained on {@code /user/queue/errors}, a grant travels on with
 * the frame.</li>
 * <li>{@link SubscriptionLimiter}: a session's subscriptions within their bound, each
 * destination once.</li>
 * <li>Spring Security's {@link SecurityContextChannelInterceptor}: the frame's user as
 * the security context while the frame is handled.</li>
 * <li>Spring Security's {@link AuthorizationChannelInterceptor}: deny by default; only
 * frames the guard granted, an authenticated CONNECT, and UNSUBSCRIBE, heartbeats and
 * DISCONNECT pass.</li>
 * <li>{@link SubscriptionReceipts}: once a SUBSCRIBE is in place, its RECEIPT.</li>
 * </ol>
 * Spring then hands the frame to the broker ({@code /topic}, {@code /queue}), the user
 * destination handler ({@code /user}) and the annotated handlers ({@code /app}). A
 * handler takes its payload, a {@link dev.parley.stomp.SessionUser @SessionUser} name or
 * the {@code ConversationMember} the guard found, and returns
 * {@link dev.parley.stomp.Accepted}, whose RECEIPT {@link AcceptedReturnValueHandler}
 * sends; what it throws goes to {@code errors.StompExceptionAdvice}. The frames run on
 * their own pool ({@link ChannelPoolsConfig}), each session's in the order they arrived
 * ({@code setPreserveReceiveOrder} in {@link StompBrokerConfig}).
 */
@Configuration(proxyBeanMethods = false)
class InboundPipelineConfig implements WebSocketMessageBrokerConfigurer {

	private final Executor pool;

	private final InboundFailures failures;

	private final StompConnectAuthentication connectAuthentication;

	private final DestinationGuard destinationGuard;

	private final SubscriptionLimiter subscriptionLimiter;

	private final SecurityContextChannelInterceptor securityContext;

	private final AuthorizationChannelInterceptor authorization;

	private final SubscriptionReceipts subscriptionReceipts;

	private final Receipts receipts;

	private final ConversationMemberArgumentResolver members;

	InboundPipelineConfig(@Qualifier(ChannelPoolsConfig.INBOUND) Executor pool, InboundFailures failures,
			StompConnectAuthentication connectAuthentication, DestinationGuard destinationGuard,
			SubscriptionLimiter subscriptionLimiter, SecurityContextChannelInterceptor securityContext,
			AuthorizationChannelInterceptor authorization, BrokerProperties broker, Receipts receipts,
			ConversationMemberArgumentResolver members) {
		this.pool = pool;
		this.failures = failures;
		this.connectAuthentication = connectAuthentication;
		this.destinationGuard = destinationGuard;
		this.subscriptionLimiter = subscriptionLimiter;
		this.securityContext = securityContext;
		this.authorization = authorization;
		this.subscriptionReceipts = new SubscriptionReceipts(receipts, broker.mode() == BrokerProperties.Mode.RELAY);
		this.receipts = receipts;
		this.members = members;
	}

	@Override
	public void configureClientInboundChannel(ChannelRegistration registration) {
		registration.executor(this.pool);
		registration.interceptors(this.failures, this.connectAuthentication, this.destinationGuard,
				this.subscriptionLimiter, this.securityContext, this.authorization, this.subscriptionReceipts);
	}

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> argumentResolvers) {
		argumentResolvers.add(new SessionUserArgumentResolver());
		argumentResolvers.add(this.members);
	}

	@Override
	public void addReturnValueHandlers(List<HandlerMethodReturnValueHandler> returnValueHandlers) {
		returnValueHandlers.add(new AcceptedReturnValueHandler(this.receipts));
	}

}
