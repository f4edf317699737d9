package dev.parley.stomp;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A header that an {@code @MessageMapping} handler puts on the RECEIPT of the SEND it
 * accepted (through {@link Accepted#withHeader}), as the AsyncAPI document describes it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ReceiptHeader {

	/** The header's name. */
	String name();

	/** What its value is. */
	String description();

	/**
	 * Whether every RECEIPT of the handler carries it (false: only some, as the
	 * description says).
	 */
	boolean always() default true;

}
