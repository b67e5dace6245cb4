package io.celeryapi.core;

import java.time.Duration;
import java.util.List;

/**
 * The results of a sent {@link Group}.
 *
 * @author celery-api
 * @since 0.1.0
 */
public interface GroupResult {

	/**
	 * The group id.
	 * @return the id
	 */
	String id();

	/**
	 * A handle on each task's result, in group order.
	 * @return the handles
	 */
	List<AsyncResult<Object>> results();

	/**
	 * Waits for every task and returns the results in group order.
	 * @param timeout how long to wait for all of them together
	 * @return the results
	 * @throws CeleryGroupException when tasks failed; it carries every failure and every
	 * result
	 * @throws CeleryTimeoutException when not all results arrived in time
	 */
	List<Object> join(Duration timeout);

	/**
	 * Waits for every task and converts the results.
	 * @param <R> the result type
	 * @param timeout how long to wait for all of them together
	 * @param type the result type
	 * @return the results
	 */
	<R> List<R> join(Duration timeout, Class<R> type);

	/**
	 * Whether every task finished.
	 * @return {@code true} when all are ready
	 */
	default boolean ready() {
		return results().stream().allMatch(AsyncResult::ready);
	}

}
