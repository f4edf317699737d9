package dev.parley.broker;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.parley.scheduling.ParleyScheduler;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionNameStrategy;
import org.springframework.amqp.rabbit.connection.ThreadChannelConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.scheduling.TaskScheduler;

/**
 * Bridge mode: each node's sessions are on its own simple broker, and the nodes share
 * conversation destinations through RabbitMQ, once per node: one exclusive queue per
 * node, bound to {@code amq.topic} for the conversation destinations its sessions
 * subscribe to ({@link BridgeBindings}), one connection that publishes
 * ({@link BridgePublisher}) and one that consumes ({@link BridgeListener}), from
 * {@code spring.rabbitmq.*}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "parley.broker.mode", havingValue = "bridge")
class BridgeConfig {

	/** This node in the bridge: its id (on what it publishes) and its queue's name. */
	record BridgeNode(String id, String queue) {

		static BridgeNode random() {
			String id = UUID.randomUUID().toString();
			return new BridgeNode(id, "parley.bridge." + id);
		}

	}

	@Bean
	BridgeNode bridgeNode() {
		return BridgeNode.random();
	}

	/**
	 * Names the node's connections in RabbitMQ's management UI:
	 * {@code parley-bridge <node
	 * id>} consumes (Boot applies it to its connection factory), {@code parley-bridge
	 * <node id>.publisher} publishes.
	 */
	@Bean
	ConnectionNameStrategy bridgeConnectionName(BridgeNode node) {
		return factory -> "parley-bridge " + node.id();
	}

	/** Declared by Spring AMQP's admin whenever the consuming connection opens. */
	@Bean
	Queue bridgeQueue(BridgeNode node) {
		return QueueBuilder.nonDurable(node.queue()).exclusive().autoDelete().build();
	}

	@Bean
	BridgeDeliveryLog bridgeDeliveryLog(ConversationLog store, Clock clock) {
		return new BridgeDeliveryLog(store, clock);
	}

	@Bean
	BridgeRepairs bridgeRepairs(BridgeDeliveryLog log, BridgeBindings bindings, ConversationLog store,
			SimpMessagingTemplate template, ApplicationEventPublisher events, MeterRegistry registry,
			@ParleyScheduler TaskScheduler scheduler) {
		BridgeRepairs repairs = new BridgeRepairs(log, bindings, store, template.getMessageChannel(),
				template.getMessageConverter(), events,
				Counter.builder("parley.bridge.redelivered")
					.description("Stored messages re-delivered to this node's subscribers after they missed them")
					.register(registry));
		scheduler.scheduleWithFixedDelay(repairs::fillHoles, Duration.ofMillis(BridgeRepairs.HOLE_AGE_MILLIS));
		return repairs;
	}

	@Bean
	BridgeBindings bridgeBindings(AmqpAdmin admin, BridgeNode node, BridgeDeliveryLog log, MeterRegistry registry) {
		BridgeBindings bindings = new BridgeBindings(admin, node.queue(), log);
		Gauge.builder("parley.bridge.bindings", bindings, BridgeBindings::size)
			.description("Routing keys the node's queue is bound to (conversations and users with local subscribers)")
			.register(registry);
		return bindings;
	}

	/**
	 * Registered after Spring AMQP's admin, so that it runs after the queue is declared.
	 */
	@Bean
	BridgeConnectionWatcher bridgeConnectionWatcher(CachingConnectionFactory connectionFactory, AmqpAdmin admin,
			BridgeBindings bindings, ObjectProvider<BridgeRepairs> repairs, MeterRegistry registry,
			@ParleyScheduler TaskScheduler scheduler) {
		BridgeConnectionWatcher watcher = new BridgeConnectionWatcher(bindings,
				Counter.builder("parley.bridge.repairs")
					.description("New consuming connections on which the node's bindings were made again")
					.register(registry),
				() -> scheduler.schedule(() -> repairs.getObject().afterInterruption(),
						scheduler.getClock().instant()));
		connectionFactory.addConnectionListener(watcher);
		return watcher;
	}

	/** The local broker keeps its subscriptions in the bridge's registry. */
	@Bean
	static BeanPostProcessor bridgeSubscriptionRegistry(ObjectProvider<BridgeBindings> bindings) {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessBeforeInitialization(Object bean, String beanName) {
				if (bean instanceof SimpleBrokerMessageHandler broker) {
					broker.setSubscriptionRegistry(new BridgeSubscriptionRegistry(bindings.getObject()));
				}
				return bean;
			}
		};
	}

	/**
	 * Publishes on a connection of its own, with a channel per publishing thread (not a
	 * bean: Boot's connection factory backs off when it finds another).
	 */
	@Bean(destroyMethod = "close")
	BridgePublisher bridgePublisher(CachingConnectionFactory connectionFactory, BridgeNode node,
			MeterRegistry registry) {
		ThreadChannelConnectionFactory publishing = new ThreadChannelConnectionFactory(
				connectionFactory.getRabbitConnectionFactory());
		// Spring AMQP names it after the node's with ".publisher"
		publishing.setConnectionNameStrategy(factory -> "parley-bridge " + node.id());
		BridgeConfirms confirms = new BridgeConfirms(Timer.builder("parley.bridge.publish.confirms")
			.description("Time from publishing to RabbitMQ to its publisher confirm")
			.publishPercentiles(0.5, 0.99)
			.register(registry), lost(registry, "nack"), lost(registry, "unconfirmed"));
		return new BridgePublisher(publishing, node.id(), confirms, messages(registry, "out", "published to RabbitMQ"),
				lost(registry, "error"));
	}

	/**
	 * Publications other nodes may have missed: refused by RabbitMQ, never confirmed
	 * before their channel closed, or failed to send.
	 */
	private static Counter lost(MeterRegistry registry, String reason) {
		return Counter.builder("parley.bridge.publish.lost")
			.description("Publications to RabbitMQ that other nodes may have missed live")
			.tag("reason", reason)
			.register(registry);
	}

	@Bean
	SimpleMessageListenerContainer bridgeListenerContainer(CachingConnectionFactory connectionFactory, BridgeNode node,
			@Qualifier("brokerChannel") MessageChannel brokerChannel, MeterRegistry registry) {
		SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connectionFactory);
		container.setQueueNames(node.queue());
		container.setConcurrentConsumers(1);
		container.setExclusive(true);
		container.setPrefetchCount(250);
		container.setMessageListener(
				new BridgeListener(brokerChannel, node.id(), messages(registry, "in", "received from other nodes")));
		return container;
	}

	private static Counter messages(MeterRegistry registry, String direction, String description) {
		return Counter.builder("parley.bridge.messages")
			.description("Messages " + description)
			.tag("direction", direction)
			.register(registry);
	}

}
