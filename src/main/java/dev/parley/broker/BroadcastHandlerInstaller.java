package dev.parley.broker;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.parley.limits.LimitsProperties;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.web.socket.messaging.StompSubProtocolHandler;
import org.springframework.web.socket.messaging.SubProtocolHandler;
import org.springframework.web.socket.messaging.SubProtocolWebSocketHandler;

/**
 * Puts a {@link BroadcastStompSubProtocolHandler} in place of Spring's STOMP handler once
 * the STOMP endpoints are registered (that is when Spring's handler is created and
 * configured), before anything reads the handler list. Spring's endpoint registry creates
 * its STOMP handler itself and takes none from outside, so this goes by the bean names of
 * {@code WebSocketMessageBrokerConfigurationSupport}; it fails the start if there is no
 * handler to replace.
 */
final class BroadcastHandlerInstaller implements BeanPostProcessor, ApplicationContextAware {

	/**
	 * The bean that registers the STOMP endpoints
	 * ({@code WebSocketMessageBrokerConfigurationSupport}).
	 */
	private static final String ENDPOINTS_BEAN = "stompWebSocketHandlerMapping";

	/** The bean that holds the sub-protocol handlers. */
	private static final String WEBSOCKET_HANDLER_BEAN = "subProtocolWebSocketHandler";

	private @Nullable ApplicationContext context;

	@Override
	public void setApplicationContext(ApplicationContext context) {
		this.context = context;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (ENDPOINTS_BEAN.equals(beanName) && this.context != null) {
			SubProtocolWebSocketHandler webSocketHandler = this.context.getBean(WEBSOCKET_HANDLER_BEAN,
					SubProtocolWebSocketHandler.class);
			List<SubProtocolHandler> handlers = new ArrayList<>();
			boolean replaced = false;
			for (SubProtocolHandler handler : webSocketHandler.getProtocolHandlers()) {
				if (handler.getClass() == StompSubProtocolHandler.class) {
					StompSubProtocolHandler spring = (StompSubProtocolHandler) handler;
					LimitsProperties limits = this.context.getBean(LimitsProperties.class);
					handlers.add(BroadcastStompSubProtocolHandler.replacing(spring,
							StrictStompDecoder.of(spring.getMessageSizeLimit(), limits),
							new FramePieces(limits.piecesPerFrame()), this.context));
					replaced = true;
				}
				else {
					handlers.add(handler);
				}
			}
			if (!replaced) {
				throw new IllegalStateException("No STOMP handler to replace in " + handlers);
			}
			webSocketHandler.setProtocolHandlers(handlers);
		}
		return bean;
	}

}
