package dev.parley.stomp;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.context.support.StaticApplicationContext;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.converter.JacksonJsonMessageConverter;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.simp.annotation.support.SimpAnnotationMethodMessageHandler;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.AbstractSubscribableChannel;
import org.springframework.messaging.support.MessageBuilder;

/**
 * The standalone test tier: one controller's {@code @MessageMapping} methods in Spring's
 * annotation handler, with Parley's argument resolvers and RECEIPTs, on channels that
 * capture what is sent - no server, no broker, no other bean (as
 * spring-websocket-portfolio's {@code StandalonePortfolioControllerTests}). Handling is
 * synchronous, so what a frame caused has been captured when {@link #send} returns (a
 * handler's future completes when the test completes it).
 */
public final class StandaloneHandlers {

	private final Capture clientOutbound = new Capture();

	private final Capture broker = new Capture();

	private final Handler handler;

	/**
	 * @param controller the controller under test
	 * @param resolvers resolvers for parameters the pipeline would provide (such as the
	 * conversation member)
	 */
	public StandaloneHandlers(Object controller, HandlerMethodArgumentResolver... resolvers) {
		this(resolvers);
		this.handler.register(controller);
	}

	private StandaloneHandlers(HandlerMethodArgumentResolver[] resolvers) {
		this.handler = new Handler(new Capture(), this.clientOutbound, new SimpMessagingTemplate(this.broker));
		List<HandlerMethodArgumentResolver> all = new ArrayList<>(List.of(new SessionUserArgumentResolver()));
		all.addAll(List.of(resolvers));
		this.handler.setCustomArgumentResolvers(all);
		this.handler.setCustomReturnValueHandlers(List.of(new AcceptedReturnValueHandler(
				new Receipts(new StaticListableBeanFactory(Map.of("clientOutboundChannel", this.clientOutbound))
					.getBeanProvider(MessageChannel.class)))));
		this.handler.setDestinationPrefixes(List.of(Destinations.APP_PREFIX));
		this.handler.setMessageConverter(new JacksonJsonMessageConverter());
		this.handler.setApplicationContext(new StaticApplicationContext());
		this.handler.afterPropertiesSet();
	}

	/**
	 * A resolver that gives every parameter of the type the same value, standing in for
	 * the pipeline's.
	 */
	public static <T> HandlerMethodArgumentResolver given(Class<T> type, T value) {
		return new HandlerMethodArgumentResolver() {

			@Override
			public boolean supportsParameter(org.springframework.core.MethodParameter parameter) {
				return parameter.getParameterType() == type;
			}

			@Override
			public Object resolveArgument(org.springframework.core.MethodParameter parameter, Message<?> message) {
				return value;
			}

		};
	}

	/**
	 * A SEND from the user's session to an {@code /app} destination, asking for a
	 * receipt.
	 */
	public void send(Principal user, String destination, String json, String receipt) {
		StompHeaderAccessor headers = StompHeaderAccessor.create(StompCommand.SEND);
		headers.setDestination(destination);
		headers.setSessionId(sessionOf(user));
		headers.setSessionAttributes(new java.util.HashMap<>());
		headers.setUser(user);
		headers.setReceipt(receipt);
		headers.setContentType(org.springframework.util.MimeTypeUtils.APPLICATION_JSON);
		this.handler.handleMessage(
				MessageBuilder.createMessage(json.getBytes(StandardCharsets.UTF_8), headers.getMessageHeaders()));
	}

	/** The session id {@link #send} gives the user's frames. */
	public static String sessionOf(Principal user) {
		return "session-of-" + user.getName();
	}

	/** Receipt ids sent back to the client so far. */
	public List<String> receipts() {
		return this.clientOutbound.messages.stream()
			.map(StompHeaderAccessor::wrap)
			.filter(accessor -> accessor.getCommand() == StompCommand.RECEIPT)
			.map(StompHeaderAccessor::getReceiptId)
			.toList();
	}

	/** Messages the controller sent to the broker so far. */
	public List<Message<?>> toBroker() {
		return List.copyOf(this.broker.messages);
	}

	private static final class Capture extends AbstractSubscribableChannel {

		final List<Message<?>> messages = new CopyOnWriteArrayList<>();

		@Override
		protected boolean sendInternal(Message<?> message, long timeout) {
			this.messages.add(message);
			return true;
		}

	}

	private static final class Handler extends SimpAnnotationMethodMessageHandler {

		Handler(Capture inbound, Capture outbound, SimpMessagingTemplate broker) {
			super(inbound, outbound, broker);
		}

		void register(Object controller) {
			detectHandlerMethods(controller);
		}

	}

}
