package dev.parley.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;

/**
 * A test that drives headless Chromium ({@link Browser}): tagged {@code browser}, so
 * {@code ./mvnw test} leaves it to {@code ./mvnw verify}.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Tag("browser")
public @interface BrowserTest {

}
