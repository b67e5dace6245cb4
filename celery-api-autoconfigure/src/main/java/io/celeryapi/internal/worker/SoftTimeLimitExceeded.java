package io.celeryapi.internal.worker;

/**
 * A task failed after its soft time limit interrupted it; named as Celery's exception.
 */
public class SoftTimeLimitExceeded extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message the limit, as Celery words it
	 */
	public SoftTimeLimitExceeded(String message) {
		super(message);
	}

}
