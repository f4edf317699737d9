package dev.parley.stomp;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a payload the server sends to clients, with the destinations it is sent to: the
 * AsyncAPI document ({@code docs/asyncapi.yaml}) lists each such payload under those
 * channels. Handlers' own answers ({@code @SubscribeMapping} return values) need no mark;
 * the document reads them from the handler.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Outbound {

	/**
	 * The destinations as clients subscribe to them, {@code {id}} standing for a
	 * conversation's UUID and {@code {docId}} for a document's: for example
	 * {@code /topic/conversation.{id}.typing} or {@code /user/queue/errors}.
	 */
	String[] value();

	/** The payload's {@code type} property, if it has one. */
	String type() default "";

	/** One line on what the payload means. */
	String summary();

	/** The message's name in the document; by default the payload's simple class name. */
	String name() default "";

	/**
	 * The payload's Java type, when the annotated type is not the payload itself (any
	 * JSON, for example); by default the annotated type.
	 */
	Class<?> payload() default void.class;

}
