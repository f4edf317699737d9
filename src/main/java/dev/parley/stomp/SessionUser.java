package dev.parley.stomp;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code String} parameter of a {@code @MessageMapping} or
 * {@code @SubscribeMapping} handler that receives the name of the frame's authenticated
 * user ({@link SessionUserArgumentResolver}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface SessionUser {

}
