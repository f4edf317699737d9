package dev.parley.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;

/**
 * A test that starts RabbitMQ, PostgreSQL or a Parley JVM of its own
 * ({@link RabbitMqNode}, {@link PostgresServer}, {@link ParleyProcess}): tagged
 * {@code cluster}, so {@code ./mvnw test} leaves it to {@code ./mvnw verify}.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Tag("cluster")
public @interface ClusterTest {

}
