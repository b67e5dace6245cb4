package io.celeryapi.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;

/**
 * Marks a method of a Spring bean as a Celery task. The application then serves the task
 * by {@link #name() name} from the queues in {@code celery.worker.queues}, to Java and
 * Python callers alike.
 *
 * <pre class="code">
 * &#64;CeleryTask("accounts.open")
 * public Account open(String owner, long initialCents) { ... }
 * </pre>
 *
 * Positional arguments bind to parameters by position and keyword arguments by parameter
 * name (compile with {@code -parameters}, or rename one with {@link Kwarg}). A parameter of
 * type {@link io.celeryapi.core.TaskContext} receives the running task's context.
 *
 * @author celery-api
 * @since 0.1.0
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface CeleryTask {

	/**
	 * Alias for {@link #name()}.
	 * @return the task name
	 */
	@AliasFor("name")
	String value() default "";

	/**
	 * The registered task name, for example {@code accounts.open}. Defaults to the
	 * bean's class simple name, a dot and the method name.
	 * @return the task name
	 */
	@AliasFor("value")
	String name() default "";

	/**
	 * Whether to acknowledge the message only after the task finished, so that a task
	 * taken by a worker that dies runs again ("at least once"). {@code DEFAULT} follows
	 * {@code celery.worker.acks-late}.
	 * @return the acks-late mode
	 */
	AcksLate acksLate() default AcksLate.DEFAULT;

	/**
	 * Whether this task stores no result at all, whatever the caller asked.
	 * @return whether results are ignored
	 */
	boolean ignoreResult() default false;

	/**
	 * Exceptions that make the task retry by itself (Celery's {@code autoretry_for}).
	 * @return the exception types
	 */
	Class<? extends Throwable>[] autoretryFor() default {};

	/**
	 * How often the task may retry before its exception becomes the FAILURE.
	 * @return the maximum number of retries
	 */
	int maxRetries() default 3;

	/**
	 * Delay before a retry when neither the retry nor the backoff chooses one, in seconds
	 * (Celery's {@code default_retry_delay}).
	 * @return the delay in seconds
	 */
	double defaultRetryDelay() default 180;

	/**
	 * Exponential backoff factor in seconds for automatic retries: the n-th retry waits
	 * {@code factor * 2^n} seconds; 0 turns backoff off (Celery's {@code retry_backoff}).
	 * @return the factor
	 */
	double retryBackoff() default 0;

	/**
	 * Longest backoff delay, in seconds (Celery's {@code retry_backoff_max}).
	 * @return the maximum delay
	 */
	double retryBackoffMax() default 600;

	/**
	 * Whether backoff delays are randomized between zero and the computed delay (Celery's
	 * {@code retry_jitter}).
	 * @return whether to add jitter
	 */
	boolean retryJitter() default true;

	/**
	 * Hard time limit in seconds: past it the task is abandoned and fails with
	 * {@code TimeLimitExceeded}; 0 uses {@code celery.worker.time-limit}. A message's own
	 * {@code timelimit} wins.
	 * @return the limit in seconds
	 */
	double timeLimit() default 0;

	/**
	 * Soft time limit in seconds: past it the task's thread is interrupted, so that the
	 * task can clean up; if it then fails, the failure is {@code SoftTimeLimitExceeded}.
	 * 0 uses {@code celery.worker.soft-time-limit}.
	 * @return the limit in seconds
	 */
	double softTimeLimit() default 0;

	/**
	 * Rate limit in Celery's form: {@code 10/s}, {@code 100/m}, {@code 1000/h}, or a plain
	 * number per second; empty for none. Enforced per worker, as Celery does, unless
	 * {@link #globalRateLimit()} is set.
	 * @return the rate limit
	 */
	String rateLimit() default "";

	/**
	 * Whether the rate limit holds across all workers together, enforced through Redis
	 * (beyond Celery, whose limits are per worker).
	 * @return whether the limit is global
	 */
	boolean globalRateLimit() default false;

	/**
	 * Acknowledgement mode of one task.
	 */
	enum AcksLate {

		/** Follow {@code celery.worker.acks-late}. */
		DEFAULT,

		/** Acknowledge after the task finished. */
		TRUE,

		/** Acknowledge when the task starts (Celery's default). */
		FALSE

	}

}
