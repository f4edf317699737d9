package dev.parley.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;

/**
 * A soak test: minutes of churn against a Parley JVM, then leak checks. Tagged
 * {@code soak}, so {@code ./mvnw test} leaves it to {@code ./mvnw verify}.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Tag("soak")
public @interface SoakTest {

}
