package io.celeryapi.core;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;
import org.springframework.core.ParameterizedTypeReference;

/**
 * A handle on the result of a sent task. Waiting never polls: one pub/sub connection per
 * process delivers every result as it is stored.
 *
 * @param <T> the result type
 * @author celery-api
 * @since 0.1.0
 */
public interface AsyncResult<T> {

	/**
	 * The task id.
	 * @return the id
	 */
	String id();

	/**
	 * Waits for the result.
	 * @param timeout how long to wait
	 * @return the result
	 * @throws CeleryRemoteException when the task failed or was revoked
	 * @throws CeleryTimeoutException when no result arrived in time
	 */
	@Nullable T get(Duration timeout);

	/**
	 * Waits for the result and converts it to a type.
	 * @param <R> the target type
	 * @param timeout how long to wait
	 * @param type the target type
	 * @return the converted result
	 */
	<R> @Nullable R get(Duration timeout, Class<R> type);

	/**
	 * Waits for the result and converts it to a generic type, such as {@code List<Account>}.
	 * @param <R> the target type
	 * @param timeout how long to wait
	 * @param type the target type
	 * @return the converted result
	 */
	<R> @Nullable R get(Duration timeout, ParameterizedTypeReference<R> type);

	/**
	 * The handle of the task before this one in a chain.
	 * @return the parent, or {@code null} for a first or single task
	 */
	default @Nullable AsyncResult<?> parent() {
		return null;
	}

	/**
	 * The task's current state, read from the result backend.
	 * @return the state; PENDING when nothing is stored
	 */
	TaskState state();

	/**
	 * Whether the task finished (SUCCESS, FAILURE or REVOKED).
	 * @return {@code true} when ready
	 */
	boolean ready();

	/**
	 * Deletes the stored result and stops waiting for it.
	 */
	void forget();

	/**
	 * The result as a future that completes when the task finishes, exceptionally with a
	 * {@link CeleryRemoteException} when it fails.
	 * @return the future
	 */
	CompletableFuture<T> toCompletableFuture();

}
