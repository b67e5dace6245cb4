package io.celeryapi.samples.bank;

/**
 * The accounts service refused an amount of money, such as a deposit of zero or less.
 * The {@link AccountsClient} proxy throws it when the remote task failed with the
 * exception type {@code InvalidAmount}; the API answers 422 Unprocessable Content.
 *
 * @author celery-api
 * @since 0.1.0
 */
public class InvalidAmount extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message the remote message
	 */
	public InvalidAmount(String message) {
		super(message);
	}

}
