package io.celeryapi.samples.accounts;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

/**
 * The bank's accounts, kept in memory and safe for concurrent use. Each account is guarded
 * by its own lock. A transfer holds the locks of both accounts, always taken in the order
 * the accounts were opened so that two opposite transfers cannot deadlock; it therefore
 * moves the whole amount or changes nothing, and no balance ever goes below zero.
 *
 * @author celery-api
 * @since 0.1.0
 */
@Component
public class Ledger {

	private final Map<String, Entry> accounts = new ConcurrentHashMap<>();

	private final AtomicLong sequence = new AtomicLong();

	/**
	 * Opens an account.
	 * @param owner the owner's name
	 * @param initialCents the first deposit, zero or more
	 * @return the new account
	 * @throws InvalidAmount if the first deposit is negative
	 */
	public Account open(String owner, long initialCents) {
		if (initialCents < 0) {
			throw new InvalidAmount("Initial deposit must not be negative, got " + initialCents);
		}
		long number = this.sequence.incrementAndGet();
		Entry entry = new Entry(number, "acc-" + number, owner, initialCents);
		this.accounts.put(entry.id, entry);
		return entry.snapshot();
	}

	/**
	 * Looks an account up.
	 * @param accountId the account id
	 * @return the account
	 * @throws AccountNotFound if there is no such account
	 */
	public Account get(String accountId) {
		return entry(accountId).snapshot();
	}

	/**
	 * Pays money into an account.
	 * @param accountId the account id
	 * @param amountCents the amount, more than zero
	 * @return the account after the deposit
	 * @throws InvalidAmount if the amount is zero or less
	 * @throws AccountNotFound if there is no such account
	 */
	public Account deposit(String accountId, long amountCents) {
		requirePositive(amountCents);
		Entry entry = entry(accountId);
		synchronized (entry) {
			entry.balanceCents = Math.addExact(entry.balanceCents, amountCents);
			return entry.snapshot();
		}
	}

	/**
	 * Moves money from one account to another, atomically.
	 * @param fromId the account to debit
	 * @param toId the account to credit
	 * @param amountCents the amount, more than zero
	 * @return both accounts after the transfer
	 * @throws InvalidAmount if the amount is zero or less
	 * @throws AccountNotFound if either account does not exist
	 * @throws InsufficientFunds if the source account lacks the money
	 */
	public Transfer transfer(String fromId, String toId, long amountCents) {
		requirePositive(amountCents);
		Entry from = entry(fromId);
		Entry to = entry(toId);
		Entry first = (from.number <= to.number) ? from : to;
		Entry second = (first == from) ? to : from;
		synchronized (first) {
			synchronized (second) {
				if (from.balanceCents < amountCents) {
					throw new InsufficientFunds(from.id, from.balanceCents, amountCents);
				}
				from.balanceCents -= amountCents;
				to.balanceCents = Math.addExact(to.balanceCents, amountCents);
				return new Transfer(from.snapshot(), to.snapshot());
			}
		}
	}

	/**
	 * Lists the accounts of one owner, in the order they were opened.
	 * @param owner the owner's name
	 * @return the accounts, possibly none
	 */
	public List<Account> find(String owner) {
		return this.accounts.values()
			.stream()
			.filter((entry) -> entry.owner.equals(owner))
			.sorted(Comparator.comparingLong((Entry entry) -> entry.number))
			.map(Entry::snapshot)
			.toList();
	}

	private Entry entry(String accountId) {
		Entry entry = (accountId != null) ? this.accounts.get(accountId) : null;
		if (entry == null) {
			throw new AccountNotFound(accountId);
		}
		return entry;
	}

	private static void requirePositive(long amountCents) {
		if (amountCents <= 0) {
			throw new InvalidAmount("Amount must be more than 0 cents, got " + amountCents);
		}
	}

	/**
	 * One account; its balance is guarded by the entry's own monitor.
	 */
	private static final class Entry {

		private final long number;

		private final String id;

		private final String owner;

		private long balanceCents;

		Entry(long number, String id, String owner, long balanceCents) {
			this.number = number;
			this.id = id;
			this.owner = owner;
			this.balanceCents = balanceCents;
		}

		synchronized Account snapshot() {
			return new Account(this.id, this.owner, this.balanceCents);
		}

	}

}
