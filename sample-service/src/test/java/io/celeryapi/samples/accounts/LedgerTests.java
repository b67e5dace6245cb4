package io.celeryapi.samples.accounts;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The domain rules of {@link Ledger}, one thread.
 */
class LedgerTests {

	private final Ledger ledger = new Ledger();

	@Test
	void openGivesEachAccountItsOwnIdAndBalance() {
		Account ann = this.ledger.open("ann", 500);
		Account bob = this.ledger.open("bob", 0);
		assertThat(ann).isEqualTo(new Account("acc-1", "ann", 500));
		assertThat(bob).isEqualTo(new Account("acc-2", "bob", 0));
		assertThat(this.ledger.get("acc-1")).isEqualTo(ann);
	}

	@Test
	void openRejectsANegativeFirstDeposit() {
		assertThatExceptionOfType(InvalidAmount.class).isThrownBy(() -> this.ledger.open("ann", -1))
			.withMessage("Initial deposit must not be negative, got -1");
		assertThat(this.ledger.find("ann")).isEmpty();
	}

	@Test
	void getOfAnUnknownIdFails() {
		assertThatExceptionOfType(AccountNotFound.class).isThrownBy(() -> this.ledger.get("acc-404"))
			.withMessage("No account acc-404");
	}

	@Test
	void depositAddsToTheBalance() {
		Account account = this.ledger.open("ann", 100);
		assertThat(this.ledger.deposit(account.id(), 250).balanceCents()).isEqualTo(350);
		assertThat(this.ledger.get(account.id()).balanceCents()).isEqualTo(350);
	}

	@Test
	void depositOfZeroOrLessFails() {
		Account account = this.ledger.open("ann", 100);
		assertThatExceptionOfType(InvalidAmount.class).isThrownBy(() -> this.ledger.deposit(account.id(), 0))
			.withMessage("Amount must be more than 0 cents, got 0");
		assertThatExceptionOfType(InvalidAmount.class).isThrownBy(() -> this.ledger.deposit(account.id(), -5));
		assertThat(this.ledger.get(account.id()).balanceCents()).isEqualTo(100);
	}

	@Test
	void depositToAnUnknownAccountFails() {
		assertThatExceptionOfType(AccountNotFound.class).isThrownBy(() -> this.ledger.deposit("acc-404", 1));
	}

	@Test
	void transferMovesTheMoney() {
		Account ann = this.ledger.open("ann", 500);
		Account bob = this.ledger.open("bob", 20);
		Transfer transfer = this.ledger.transfer(ann.id(), bob.id(), 200);
		assertThat(transfer.from()).isEqualTo(new Account(ann.id(), "ann", 300));
		assertThat(transfer.to()).isEqualTo(new Account(bob.id(), "bob", 220));
		assertThat(this.ledger.get(ann.id()).balanceCents()).isEqualTo(300);
		assertThat(this.ledger.get(bob.id()).balanceCents()).isEqualTo(220);
	}

	@Test
	void transferOfTheWholeBalanceIsAllowed() {
		Account ann = this.ledger.open("ann", 500);
		Account bob = this.ledger.open("bob", 0);
		assertThat(this.ledger.transfer(ann.id(), bob.id(), 500).from().balanceCents()).isZero();
	}

	@Test
	void transferWithoutTheMoneyFailsAndChangesNothing() {
		Account ann = this.ledger.open("ann", 500);
		Account bob = this.ledger.open("bob", 20);
		assertThatExceptionOfType(InsufficientFunds.class)
			.isThrownBy(() -> this.ledger.transfer(ann.id(), bob.id(), 501))
			.withMessage("Account acc-1 has 500 cents, cannot transfer 501");
		assertThat(this.ledger.get(ann.id()).balanceCents()).isEqualTo(500);
		assertThat(this.ledger.get(bob.id()).balanceCents()).isEqualTo(20);
	}

	@Test
	void transferOfZeroOrLessFails() {
		Account ann = this.ledger.open("ann", 500);
		Account bob = this.ledger.open("bob", 20);
		assertThatExceptionOfType(InvalidAmount.class).isThrownBy(() -> this.ledger.transfer(ann.id(), bob.id(), 0));
		assertThatExceptionOfType(InvalidAmount.class)
			.isThrownBy(() -> this.ledger.transfer(ann.id(), bob.id(), -100));
		assertThat(this.ledger.get(ann.id()).balanceCents()).isEqualTo(500);
		assertThat(this.ledger.get(bob.id()).balanceCents()).isEqualTo(20);
	}

	@Test
	void transferWithAnUnknownAccountFails() {
		Account ann = this.ledger.open("ann", 500);
		assertThatExceptionOfType(AccountNotFound.class)
			.isThrownBy(() -> this.ledger.transfer("acc-404", ann.id(), 1))
			.withMessage("No account acc-404");
		assertThatExceptionOfType(AccountNotFound.class)
			.isThrownBy(() -> this.ledger.transfer(ann.id(), "acc-405", 1))
			.withMessage("No account acc-405");
		assertThat(this.ledger.get(ann.id()).balanceCents()).isEqualTo(500);
	}

	@Test
	void transferToTheSameAccountKeepsTheBalance() {
		Account ann = this.ledger.open("ann", 500);
		Transfer transfer = this.ledger.transfer(ann.id(), ann.id(), 300);
		assertThat(transfer.from().balanceCents()).isEqualTo(500);
		assertThat(transfer.to().balanceCents()).isEqualTo(500);
	}

	@Test
	void findListsTheOwnersAccountsInOrder() {
		Account first = this.ledger.open("ann", 1);
		this.ledger.open("bob", 2);
		Account second = this.ledger.open("ann", 3);
		assertThat(this.ledger.find("ann")).containsExactly(first, second);
		assertThat(this.ledger.find("nobody")).isEmpty();
	}

}
