package dev.parley.scheduling;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Qualifies the node's timer scheduler ({@code TaskScheduler}), so that an injection
 * point never gets the channels' pools or Boot's own executor instead.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.METHOD, ElementType.PARAMETER, ElementType.FIELD })
public @interface ParleyScheduler {

	/** The bean's name. */
	String BEAN = "parleyScheduler";

}
