package dev.parley.ingress;

import dev.parley.broker.ConditionalOnClusterMode;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Declares the ingress topology and a listener container that never requeues a failed
 * message (a poison message would otherwise loop forever): failures are dead-lettered.
 * Only in relay mode; the embedded default has no RabbitMQ and no AMQP ingress.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClusterMode
class IngressConfig {

	static final String CONTAINER_FACTORY = "ingressContainerFactory";

	@Bean
	Declarables ingressTopology(IngressProperties properties) {
		TopicExchange inbound = new TopicExchange(properties.inboundExchange(), true, false);
		FanoutExchange deadLetters = new FanoutExchange(properties.deadLetterExchange(), true, false);
		Queue queue = QueueBuilder.durable(properties.inboundQueue())
			.deadLetterExchange(properties.deadLetterExchange())
			.build();
		Queue dead = QueueBuilder.durable(properties.deadLetterQueue()).build();
		Binding binding = BindingBuilder.bind(queue).to(inbound).with("conversation.*");
		Binding deadBinding = BindingBuilder.bind(dead).to(deadLetters);
		return new Declarables(inbound, deadLetters, queue, dead, binding, deadBinding);
	}

	@Bean(CONTAINER_FACTORY)
	SimpleRabbitListenerContainerFactory ingressContainerFactory(ConnectionFactory connectionFactory) {
		SimpleRabbitListenerContainerFactory factory = new SimpleRabbitListenerContainerFactory();
		factory.setConnectionFactory(connectionFactory);
		factory.setDefaultRequeueRejected(false);
		factory.setPrefetchCount(50);
		return factory;
	}

}
