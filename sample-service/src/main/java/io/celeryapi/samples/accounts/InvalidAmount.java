package io.celeryapi.samples.accounts;

/**
 * An amount of money that the operation does not accept, such as a deposit of zero or
 * less. Callers see it as the remote exception type {@code InvalidAmount}.
 *
 * @author celery-api
 * @since 0.1.0
 */
public class InvalidAmount extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message what is wrong with the amount
	 */
	public InvalidAmount(String message) {
		super(message);
	}

}
