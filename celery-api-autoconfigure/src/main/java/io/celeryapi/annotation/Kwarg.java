package io.celeryapi.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the keyword argument a parameter stands for. On a {@link CeleryTask} method it
 * renames the kwarg the parameter binds from (by default the parameter name); on a client
 * method it sends the argument as that kwarg instead of positionally.
 *
 * @author celery-api
 * @since 0.1.0
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Kwarg {

	/** Marks "no default": the argument is required. */
	String NO_DEFAULT = "\n\t\t\n\t\t\n\uE000\uE001\uE002\n\t\t\t\t\n";

	/**
	 * The keyword argument's name; empty means the parameter name.
	 * @return the kwarg name
	 */
	String value() default "";

	/**
	 * On a task method: the value, as JSON text, used when the caller passes no such
	 * argument (a Python default such as {@code initial_cents=0}).
	 * @return the JSON default, or {@link #NO_DEFAULT}
	 */
	String defaultValue() default NO_DEFAULT;

}
