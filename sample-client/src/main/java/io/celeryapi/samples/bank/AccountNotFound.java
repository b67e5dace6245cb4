package io.celeryapi.samples.bank;

/**
 * No account has the given id. The {@link AccountsClient} proxy throws it when the
 * remote task failed with the exception type {@code AccountNotFound}; the API answers
 * 404 Not Found.
 *
 * @author celery-api
 * @since 0.1.0
 */
public class AccountNotFound extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message the remote message
	 */
	public AccountNotFound(String message) {
		super(message);
	}

}
