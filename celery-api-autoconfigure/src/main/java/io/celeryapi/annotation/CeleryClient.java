package io.celeryapi.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;

/**
 * Declares an interface as a client of Celery tasks. The application gets a bean of the
 * interface: each method sends the task named by the client's name, a dot and the method
 * name (override it with {@link CeleryCall}). The caller needs nothing of the worker's
 * code.
 *
 * <pre class="code">
 * &#64;CeleryClient(name = "accounts", queue = "accounts")
 * interface Accounts {
 *     Account open(String owner, &#64;Kwarg("initial_cents") long initialCents);
 *     CompletableFuture&lt;Account&gt; get(&#64;Kwarg("account_id") String id);
 * }
 * </pre>
 *
 * @author celery-api
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface CeleryClient {

	/**
	 * Alias for {@link #name()}.
	 * @return the client name
	 */
	@AliasFor("name")
	String value() default "";

	/**
	 * The client name: the prefix of its task names and the key of its
	 * {@code celery.client.<name>.*} properties. Defaults to the uncapitalized interface
	 * name.
	 * @return the client name
	 */
	@AliasFor("value")
	String name() default "";

	/**
	 * The queue its calls go to, unless the method or the properties say otherwise.
	 * @return the queue, or empty for the routes and default queue
	 */
	String queue() default "";

}
