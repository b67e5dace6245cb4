package io.celeryapi.core;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by a task to run again later, as Celery's {@code self.retry()}: the worker sends
 * the same task (same id, {@code retries + 1}) with an eta, and stores RETRY. After the
 * task's {@code maxRetries} the cause becomes the FAILURE.
 *
 * <pre class="code">
 * throw new Retry(ex, Duration.ofSeconds(5));
 * </pre>
 *
 * @author celery-api
 * @since 0.1.0
 */
public class Retry extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final @Nullable Duration countdown;

	/**
	 * Retries after the task's default delay.
	 * @param cause why the task failed
	 */
	public Retry(@Nullable Throwable cause) {
		this(cause, null);
	}

	/**
	 * Retries after a delay.
	 * @param cause why the task failed
	 * @param countdown how long to wait, or {@code null} for the task's default
	 */
	public Retry(@Nullable Throwable cause, @Nullable Duration countdown) {
		super("Retry in " + ((countdown != null) ? countdown.toMillis() + " ms" : "the default delay")
				+ ((cause != null) ? ": " + cause : ""), cause, false, false);
		this.countdown = countdown;
	}

	/**
	 * The delay before the next run.
	 * @return the countdown, or {@code null} for the task's default
	 */
	public @Nullable Duration getCountdown() {
		return this.countdown;
	}

}
