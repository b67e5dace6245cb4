package io.celeryapi.samples.bank;

import java.util.List;

import io.celeryapi.annotation.CeleryClient;
import io.celeryapi.annotation.Kwarg;

/**
 * The accounts service as the bank sees it: each method sends the Celery task
 * {@code accounts.<method>} to the queue {@code accounts} with keyword arguments of the
 * service's names, and waits for the result ({@code celery.client.accounts.timeout}). A
 * remote failure of type {@code AccountNotFound}, {@code InvalidAmount} or
 * {@code InsufficientFunds} comes back as the declared exception of that name; a service
 * that does not answer in time as a {@link io.celeryapi.core.CeleryTimeoutException}.
 *
 * @author celery-api
 * @since 0.1.0
 */
@CeleryClient(name = "accounts", queue = "accounts")
public interface AccountsClient {

	/**
	 * Opens an account ({@code accounts.open}).
	 * @param owner the owner's name
	 * @param initialCents the first deposit
	 * @return the new account
	 * @throws InvalidAmount if the first deposit is negative
	 */
	Account open(@Kwarg("owner") String owner, @Kwarg("initial_cents") long initialCents) throws InvalidAmount;

	/**
	 * Looks an account up ({@code accounts.get}).
	 * @param accountId the account id
	 * @return the account
	 * @throws AccountNotFound if there is no such account
	 */
	Account get(@Kwarg("account_id") String accountId) throws AccountNotFound;

	/**
	 * Pays money in ({@code accounts.deposit}).
	 * @param accountId the account id
	 * @param amountCents the amount
	 * @return the account after the deposit
	 * @throws AccountNotFound if there is no such account
	 * @throws InvalidAmount if the amount is zero or less
	 */
	Account deposit(@Kwarg("account_id") String accountId, @Kwarg("amount_cents") long amountCents)
			throws AccountNotFound, InvalidAmount;

	/**
	 * Moves money between two accounts ({@code accounts.transfer}), all or nothing.
	 * @param fromId the account to debit
	 * @param toId the account to credit
	 * @param amountCents the amount
	 * @return both accounts after the transfer
	 * @throws AccountNotFound if either account does not exist
	 * @throws InvalidAmount if the amount is zero or less
	 * @throws InsufficientFunds if the source account lacks the money
	 */
	Transfer transfer(@Kwarg("from_id") String fromId, @Kwarg("to_id") String toId,
			@Kwarg("amount_cents") long amountCents) throws AccountNotFound, InvalidAmount, InsufficientFunds;

	/**
	 * Lists an owner's accounts ({@code accounts.find}).
	 * @param owner the owner's name
	 * @return the accounts, in the order they were opened
	 */
	List<Account> find(@Kwarg("owner") String owner);

}
