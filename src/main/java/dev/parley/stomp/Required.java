package dev.parley.stomp;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a property of a client's payload that the handler refuses a frame without
 * ({@code VALIDATION}). The component stays {@code @Nullable} so that the handler, not
 * Jackson, gives that refusal and its message; the AsyncAPI document lists it as
 * required.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Required {

}
