package io.celeryapi.core;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What a running task knows about itself, as Celery's {@code self.request}. Declare a
 * parameter of this type on a {@link io.celeryapi.annotation.CeleryTask} method to
 * receive it; it takes no argument from the message.
 *
 * @author celery-api
 * @since 0.1.0
 */
public interface TaskContext {

	/**
	 * The task id.
	 * @return the id
	 */
	String id();

	/**
	 * The task name.
	 * @return the name
	 */
	String name();

	/**
	 * How often this task was retried before this run.
	 * @return the retry count
	 */
	int retries();

	/**
	 * The id of the task that sent this one.
	 * @return the parent id, or {@code null} for a top-level call
	 */
	@Nullable String parentId();

	/**
	 * The id of the first task of the workflow.
	 * @return the root id
	 */
	@Nullable String rootId();

	/**
	 * The group this task belongs to.
	 * @return the group id, or {@code null}
	 */
	@Nullable String groupId();

	/**
	 * The eta the task was sent with.
	 * @return the eta, or {@code null}
	 */
	@Nullable Instant eta();

	/**
	 * The expiry the task was sent with.
	 * @return the expiry, or {@code null}
	 */
	@Nullable Instant expires();

	/**
	 * The queue the message was taken from.
	 * @return the queue
	 */
	String queue();

	/**
	 * The worker's node name, for example {@code celery@host}.
	 * @return the hostname
	 */
	String hostname();

	/**
	 * Whether the message was delivered before and restored.
	 * @return {@code true} when redelivered
	 */
	boolean redelivered();

	/**
	 * Asks for this task to run again, as Celery's {@code self.retry(exc=..., countdown=...)}:
	 * {@code throw context.retry(ex, Duration.ofSeconds(5));}.
	 * @param cause why this run failed
	 * @param countdown the delay, or {@code null} for the task's default retry delay
	 * @return the exception to throw
	 */
	default Retry retry(Throwable cause, java.time.@Nullable Duration countdown) {
		return new Retry(cause, countdown);
	}

	/**
	 * All message headers, including custom ones.
	 * @return the headers as plain Java values
	 */
	Map<String, Object> headers();

}
