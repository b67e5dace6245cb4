package io.celeryapi.samples.accounts;

/**
 * The source account of a transfer lacks the money; nothing was changed. Callers see it
 * as the remote exception type {@code InsufficientFunds}.
 *
 * @author celery-api
 * @since 0.1.0
 */
public class InsufficientFunds extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param accountId the source account
	 * @param balanceCents its balance
	 * @param amountCents the amount asked for
	 */
	public InsufficientFunds(String accountId, long balanceCents, long amountCents) {
		super("Account " + accountId + " has " + balanceCents + " cents, cannot transfer " + amountCents);
	}

}
