package io.celeryapi.internal.worker;

/**
 * A task asked to retry once more than it may, without a cause of its own; named as
 * Celery's exception so that Python callers recognise it.
 */
public class MaxRetriesExceededError extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message what was exceeded
	 */
	public MaxRetriesExceededError(String message) {
		super(message);
	}

}
