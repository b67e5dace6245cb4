package io.celeryapi.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Settings of one {@link CeleryClient} method: the task it calls and the defaults of its
 * calls. Durations use Spring Boot's format ({@code 500ms}, {@code 5s}, {@code PT1M}).
 *
 * @author celery-api
 * @since 0.1.0
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface CeleryCall {

	/**
	 * The full task name, for example {@code accounts.open}. Defaults to the client name, a
	 * dot and the method name.
	 * @return the task name
	 */
	String name() default "";

	/**
	 * The queue of this method's calls.
	 * @return the queue, or empty
	 */
	String queue() default "";

	/**
	 * How long a synchronous call waits for the result.
	 * @return the timeout, or empty for the client's default
	 */
	String timeout() default "";

	/**
	 * Delay before the task may run.
	 * @return the countdown, or empty
	 */
	String countdown() default "";

	/**
	 * How long after sending the task may still start.
	 * @return the expiry, or empty
	 */
	String expires() default "";

	/**
	 * Message priority 0-9 (0 is consumed first on Redis); -1 means unset.
	 * @return the priority
	 */
	int priority() default -1;

	/**
	 * Whether the worker stores no result. Implied by a {@code void} return type.
	 * @return whether to ignore the result
	 */
	boolean ignoreResult() default false;

}
