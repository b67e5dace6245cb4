package io.celeryapi.client;

/**
 * Hears how client calls end, for metrics.
 *
 * @author celery-api
 * @since 0.1.0
 */
@FunctionalInterface
public interface ClientCallListener {

	/**
	 * A call ended.
	 * @param task the task name
	 * @param outcome {@code success}, {@code failure}, {@code timeout} or {@code error}
	 * @param nanos how long it took, from sending to the result (or to sending, for
	 * fire-and-forget calls)
	 */
	void completed(String task, String outcome, long nanos);

}
