package io.celeryapi.samples.accounts;

/**
 * No account has the given id. Callers see it as the remote exception type
 * {@code AccountNotFound}, whatever their language.
 *
 * @author celery-api
 * @since 0.1.0
 */
public class AccountNotFound extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception for an unknown account id.
	 * @param accountId the id nobody has
	 */
	public AccountNotFound(String accountId) {
		super("No account " + accountId);
	}

}
