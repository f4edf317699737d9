package dev.parley.broker;

import java.util.List;
import java.util.concurrent.Executor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import dev.parley.ParleyProperties;
import dev.parley.metrics.MessageMetrics;
import dev.parley.scheduling.ParleyScheduler;
import dev.parley.stomp.Destinations;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.amqp.autoconfigure.RabbitProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * STOMP endpoints ({@code /ws} native, {@code /sockjs} fallback), destination prefixes
 * ({@code /app} to handlers, {@code /topic} and {@code /queue} to the broker,
 * {@code /user} for per-user queues), {@code .} as separator, the broker itself,
 * heartbeats, transport limits and the outbound channel. The inbound channel is
 * {@link InboundPipelineConfig}'s.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocketMessageBroker
class StompBrokerConfig implements WebSocketMessageBrokerConfigurer {

	private final BrokerProperties broker;

	private final ParleyProperties parley;

	private final StompErrorHandler errorHandler;

	private final List<HandshakeInterceptor> handshakeInterceptors;

	private final MessageMetrics metrics;

	private final TaskScheduler scheduler;

	private final ObjectProvider<RabbitProperties> rabbit;

	private final ObjectProvider<BridgePublisher> bridge;

	private final ObjectProvider<BridgeDeliveryLog> deliveryLog;

	private final Executor outboundExecutor;

	private final MeterRegistry registry;

	StompBrokerConfig(BrokerProperties broker, ParleyProperties parley, StompErrorHandler errorHandler,
			List<HandshakeInterceptor> handshakeInterceptors, MessageMetrics metrics,
			@ParleyScheduler TaskScheduler scheduler, ObjectProvider<RabbitProperties> rabbit,
			ObjectProvider<BridgePublisher> bridge, ObjectProvider<BridgeDeliveryLog> deliveryLog,
			@Qualifier(ChannelPoolsConfig.OUTBOUND) Executor outboundExecutor, MeterRegistry registry) {
		this.broker = broker;
		this.parley = parley;
		this.errorHandler = errorHandler;
		this.handshakeInterceptors = handshakeInterceptors;
		this.metrics = metrics;
		this.scheduler = scheduler;
		this.rabbit = rabbit;
		this.bridge = bridge;
		this.deliveryLog = deliveryLog;
		this.outboundExecutor = outboundExecutor;
		this.registry = registry;
	}

	/**
	 * Serialise each simple-broker broadcast once, not per subscriber
	 * ({@link BroadcastStompSubProtocolHandler}).
	 */
	@Bean
	static BeanPostProcessor broadcastFrames() {
		return new BroadcastHandlerInstaller();
	}

	@Override
	public void registerStompEndpoints(StompEndpointRegistry registry) {
		String[] origins = this.parley.allowedOrigins().toArray(String[]::new);
		HandshakeInterceptor[] interceptors = this.handshakeInterceptors.toArray(HandshakeInterceptor[]::new);
		// ahead of the annotated controllers' mapping, which would otherwise try its
		// every pattern on each handshake
		registry.setOrder(-1);
		CompressionHandshakeHandler handshake = new CompressionHandshakeHandler(this.broker.compression());
		registry.addEndpoint(Destinations.WEBSOCKET_PATH)
			.setHandshakeHandler(handshake)
			.setAllowedOriginPatterns(origins)
			.addInterceptors(interceptors);
		registry.addEndpoint("/sockjs")
			.setHandshakeHandler(handshake)
			.setAllowedOriginPatterns(origins)
			.addInterceptors(interceptors)
			.withSockJS()
			.setClientLibraryUrl("/webjars/sockjs-client/sockjs.min.js");
		registry.setErrorHandler(this.errorHandler);
		// handle each session's frames in the order they arrived (a client's sends keep
		// their order)
		registry.setPreserveReceiveOrder(true);
	}

	@Override
	public void configureMessageBroker(MessageBrokerRegistry registry) {
		long heartbeat = this.broker.heartbeat().toMillis();
		registry.setApplicationDestinationPrefixes(Destinations.APP_PREFIX);
		registry.setUserDestinationPrefix(Destinations.USER_PREFIX);
		registry.setPathMatcher(new AntPathMatcher("."));
		// one node delivers a conversation's frames to each subscriber in publish order,
		// by the outbound channel's SessionOrderedExecutor (not Spring's
		// preservePublishOrder: see SessionOrderedExecutor)
		if (this.broker.mode() == BrokerProperties.Mode.RELAY) {
			enableRelay(registry, heartbeat);
		}
		else {
			registry.enableSimpleBroker(Destinations.TOPIC_PREFIX, Destinations.QUEUE_PREFIX)
				.setHeartbeatValue(new long[] { heartbeat, heartbeat })
				.setTaskScheduler(this.scheduler);
			// bridge mode: the delivery log first (it drops a seq delivered before), then
			// what this node publishes to conversations goes to RabbitMQ too
			this.bridge.ifAvailable(publisher -> registry.configureBrokerChannel()
				.interceptors(this.deliveryLog.getObject(), publisher));
		}
	}

	/**
	 * Relay {@code /topic}, {@code /queue} and {@code /exchange} to RabbitMQ's STOMP
	 * plugin. Each client session gets its own broker connection (with the client login);
	 * server-side publishing shares the system connection. The virtual host is always
	 * set: since Framework 7.0.8 the relay would otherwise send the relay host name as
	 * the CONNECT {@code host} header, which RabbitMQ reads as a virtual host.
	 */
	private void enableRelay(MessageBrokerRegistry registry, long heartbeat) {
		RabbitProperties rabbit = this.rabbit.getIfAvailable(RabbitProperties::new);
		BrokerProperties.Relay relay = this.broker.relay();
		String username = rabbit.getUsername();
		String password = rabbit.getPassword();
		String virtualHost = (rabbit.getVirtualHost() != null) ? rabbit.getVirtualHost() : "/";
		registry
			.enableStompBrokerRelay(Destinations.TOPIC_PREFIX, Destinations.QUEUE_PREFIX,
					RabbitUserQueues.EXCHANGE_PREFIX)
			.setRelayHost(rabbit.determineHost())
			.setRelayPort(relay.port())
			.setVirtualHost(virtualHost)
			.setClientLogin(or(relay.clientLogin(), username))
			.setClientPasscode(or(relay.clientPasscode(), password))
			.setSystemLogin(or(relay.systemLogin(), username))
			.setSystemPasscode(or(relay.systemPasscode(), password))
			// RabbitMQ beats to Parley, which notices a dead broker by their absence;
			// RabbitMQ is not asked to watch Parley's beats on this connection, whose
			// watcher credit flow can crash (docs/operations.md, troubleshooting)
			.setSystemHeartbeatSendInterval(0)
			.setSystemHeartbeatReceiveInterval(heartbeat)
			.setTaskScheduler(this.scheduler)
			.setUserDestinationBroadcast(USER_DESTINATION_BROADCAST)
			.setUserRegistryBroadcast(USER_REGISTRY_BROADCAST);
		registry.configureBrokerChannel().interceptors(new RabbitUserQueues());
	}

	/** Where a node sends user messages it cannot resolve, for the node that can. */
	static final String USER_DESTINATION_BROADCAST = "/topic/parley.unresolved-user";

	/** Where nodes publish their local user registries to each other. */
	static final String USER_REGISTRY_BROADCAST = "/topic/parley.user-registry";

	private static String or(@org.jspecify.annotations.Nullable String value, String fallback) {
		return (value != null && !value.isEmpty()) ? value : fallback;
	}

	@Override
	public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
		registration.setMessageSizeLimit(Math.toIntExact(this.broker.messageSizeLimit().toBytes()))
			.setSendBufferSizeLimit(Math.toIntExact(this.broker.sendBufferSizeLimit().toBytes()))
			.setSendTimeLimit(Math.toIntExact(this.broker.sendTimeLimit().toMillis()))
			.setTimeToFirstMessage(Math.toIntExact(this.broker.timeToFirstMessage().toMillis()))
			.addDecoratorFactory(this::withSocketBuffer);
	}

	/**
	 * Let one WebSocket message hold twice the STOMP frame limit, so that an oversize
	 * frame is refused by STOMP with a readable ERROR frame rather than cut off by the
	 * container, without giving every socket a buffer that large (see
	 * {@link WholeMessages}); whole binary messages must be UTF-8
	 * ({@link Utf8BinaryMessages}).
	 */
	private WebSocketHandler withSocketBuffer(WebSocketHandler handler) {
		return new WholeMessages(new BlockingSendTimeout(new Utf8BinaryMessages(handler), this.broker.sendTimeLimit()),
				Math.toIntExact(this.broker.messageSizeLimit().toBytes() * 2), ContainerConfig.WEBSOCKET_BUFFER);
	}

	@Override
	public void configureClientOutboundChannel(ChannelRegistration registration) {
		SessionOrderedExecutor executor = new SessionOrderedExecutor(this.outboundExecutor,
				this.broker.sendBufferSizeLimit().toBytes(),
				Counter.builder("parley.sessions.slow")
					.description("STOMP sessions closed because their frames waited over send-buffer-size-limit")
					.register(this.registry));
		Gauge.builder("parley.outbound.queued.bytes", executor, SessionOrderedExecutor::queuedBytes)
			.description("Bytes of frames waiting for their sessions, over all sessions")
			.baseUnit("bytes")
			.register(this.registry);
		registration.executor(executor);
		registration.interceptors(this.metrics.deliveryCounter());
	}

}
