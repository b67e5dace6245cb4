package io.celeryapi.samples.bank;

/**
 * The source account of a transfer lacks the money; the service changed nothing. The
 * {@link AccountsClient} proxy throws it when the remote task failed with the exception
 * type {@code InsufficientFunds}; the API answers 409 Conflict.
 *
 * @author celery-api
 * @since 0.1.0
 */
public class InsufficientFunds extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message the remote message
	 */
	public InsufficientFunds(String message) {
		super(message);
	}

}
