package io.celeryapi.worker;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.celeryapi.annotation.CeleryTask;

import org.jspecify.annotations.Nullable;

/**
 * When and how a task retries, from its {@link CeleryTask} attributes.
 *
 * @param autoretryFor exception types that retry by themselves
 * @param maxRetries how many retries are allowed
 * @param defaultRetryDelay delay when nothing else chooses one
 * @param backoffFactor exponential backoff factor, zero for none
 * @param backoffMax longest backoff delay
 * @param jitter whether backoff delays are randomized
 * @author celery-api
 * @since 0.1.0
 */
public record RetryPolicy(List<Class<? extends Throwable>> autoretryFor, int maxRetries, Duration defaultRetryDelay,
		Duration backoffFactor, Duration backoffMax, boolean jitter) {

	/**
	 * Reads a task's policy.
	 * @param task the annotation
	 * @return the policy
	 */
	public static RetryPolicy of(CeleryTask task) {
		return new RetryPolicy(List.of(task.autoretryFor()), task.maxRetries(), seconds(task.defaultRetryDelay()),
				seconds(task.retryBackoff()), seconds(task.retryBackoffMax()), task.retryJitter());
	}

	private static Duration seconds(double seconds) {
		return Duration.ofMillis(Math.round(seconds * 1000));
	}

	/**
	 * Whether an exception retries by itself.
	 * @param ex the exception
	 * @return {@code true} when it is one of {@link #autoretryFor()}
	 */
	public boolean retriesOn(Throwable ex) {
		return this.autoretryFor.stream().anyMatch((type) -> type.isInstance(ex));
	}

	/**
	 * The delay before the next run.
	 * @param requested the delay the task asked for, or {@code null}
	 * @param retries how often the task retried so far
	 * @return the delay
	 */
	public Duration delay(@Nullable Duration requested, int retries) {
		if (requested != null) {
			return requested;
		}
		if (this.backoffFactor.isZero()) {
			return this.defaultRetryDelay;
		}
		long millis = Math.min(this.backoffMax.toMillis(),
				this.backoffFactor.toMillis() * (1L << Math.min(30, retries)));
		if (this.jitter) {
			millis = ThreadLocalRandom.current().nextLong(millis + 1);
		}
		return Duration.ofMillis(millis);
	}

	/**
	 * A description for actuator and logs.
	 * @return the description
	 */
	public String describe() {
		return "maxRetries=" + this.maxRetries + ", autoretryFor="
				+ this.autoretryFor.stream().map(Class::getSimpleName).toList() + ", defaultRetryDelay="
				+ this.defaultRetryDelay + (this.backoffFactor.isZero() ? "" : ", backoff=" + this.backoffFactor
						+ " up to " + this.backoffMax + (this.jitter ? " with jitter" : ""));
	}

}
