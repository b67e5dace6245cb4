package io.celeryapi.internal.worker;

/**
 * A task ran past its hard time limit; named as Celery's exception.
 */
public class TimeLimitExceeded extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message the limit, as Celery words it
	 */
	public TimeLimitExceeded(String message) {
		super(message);
	}

}
