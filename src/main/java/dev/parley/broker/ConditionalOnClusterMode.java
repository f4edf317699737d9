package dev.parley.broker;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;

/**
 * Active when the node is one of a cluster on RabbitMQ, in relay or bridge mode: for what
 * every node of a cluster shares there (AMQP ingress, file jobs).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@ConditionalOnExpression("'${parley.broker.mode:simple}'.toLowerCase() != 'simple'")
public @interface ConditionalOnClusterMode {

}
