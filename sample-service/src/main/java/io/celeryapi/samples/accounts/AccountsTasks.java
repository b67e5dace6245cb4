package io.celeryapi.samples.accounts;

import java.util.List;

import io.celeryapi.annotation.CeleryTask;
import io.celeryapi.annotation.Kwarg;

import org.springframework.stereotype.Component;

/**
 * The Celery tasks of the accounts service. Their keyword arguments use Python's names
 * ({@code account_id}, {@code amount_cents}, ...), so that a Python caller writes
 * {@code app.send_task("accounts.deposit", kwargs={"account_id": "acc-1", "amount_cents": 500},
 * queue="accounts")}.
 *
 * @author celery-api
 * @since 0.1.0
 */
@Component
public class AccountsTasks {

	private final Ledger ledger;

	/**
	 * Creates the tasks.
	 * @param ledger where the accounts are kept
	 */
	public AccountsTasks(Ledger ledger) {
		this.ledger = ledger;
	}

	/**
	 * {@code accounts.open(owner, initial_cents=0)}: opens an account.
	 * @param owner the owner's name
	 * @param initialCents the first deposit, zero or more
	 * @return the new account
	 */
	@CeleryTask("accounts.open")
	public Account open(String owner, @Kwarg(value = "initial_cents", defaultValue = "0") long initialCents) {
		return this.ledger.open(owner, initialCents);
	}

	/**
	 * {@code accounts.get(account_id)}: looks an account up.
	 * @param accountId the account id
	 * @return the account
	 */
	@CeleryTask("accounts.get")
	public Account get(@Kwarg("account_id") String accountId) {
		return this.ledger.get(accountId);
	}

	/**
	 * {@code accounts.deposit(account_id, amount_cents)}: pays money in.
	 * @param accountId the account id
	 * @param amountCents the amount, more than zero
	 * @return the account after the deposit
	 */
	@CeleryTask("accounts.deposit")
	public Account deposit(@Kwarg("account_id") String accountId, @Kwarg("amount_cents") long amountCents) {
		return this.ledger.deposit(accountId, amountCents);
	}

	/**
	 * {@code accounts.transfer(from_id, to_id, amount_cents)}: moves money atomically.
	 * @param fromId the account to debit
	 * @param toId the account to credit
	 * @param amountCents the amount, more than zero
	 * @return both accounts after the transfer
	 */
	@CeleryTask("accounts.transfer")
	public Transfer transfer(@Kwarg("from_id") String fromId, @Kwarg("to_id") String toId,
			@Kwarg("amount_cents") long amountCents) {
		return this.ledger.transfer(fromId, toId, amountCents);
	}

	/**
	 * {@code accounts.find(owner)}: lists an owner's accounts.
	 * @param owner the owner's name
	 * @return the accounts, in the order they were opened
	 */
	@CeleryTask("accounts.find")
	public List<Account> find(String owner) {
		return this.ledger.find(owner);
	}

}
