package io.celeryapi.samples.accounts;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Transfers from many threads at once, in both directions between the same accounts:
 * money is neither created nor lost, no balance goes negative, and nothing deadlocks.
 */
class LedgerConcurrencyTests {

	private static final int THREADS = 16;

	private static final int TRANSFERS_PER_THREAD = 20_000;

	private static final int ACCOUNTS = 5;

	private static final long INITIAL_CENTS = 1_000;

	@Test
	void concurrentTransfersConserveMoneyAndNeverOverdraw() throws Exception {
		Ledger ledger = new Ledger();
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < ACCOUNTS; i++) {
			ids.add(ledger.open("owner" + i, INITIAL_CENTS).id());
		}
		AtomicInteger refused = new AtomicInteger();
		AtomicInteger negativeSeen = new AtomicInteger();
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(THREADS);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < THREADS; t++) {
				futures.add(executor.submit(() -> {
					start.await();
					ThreadLocalRandom random = ThreadLocalRandom.current();
					for (int i = 0; i < TRANSFERS_PER_THREAD; i++) {
						String from = ids.get(random.nextInt(ACCOUNTS));
						String to = ids.get(random.nextInt(ACCOUNTS));
						try {
							Transfer transfer = ledger.transfer(from, to, 1 + random.nextInt(400));
							if (transfer.from().balanceCents() < 0 || transfer.to().balanceCents() < 0) {
								negativeSeen.incrementAndGet();
							}
						}
						catch (InsufficientFunds ex) {
							refused.incrementAndGet();
						}
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> future : futures) {
				future.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
		long total = 0;
		for (String id : ids) {
			long balance = ledger.get(id).balanceCents();
			assertThat(balance).as("balance of %s", id).isNotNegative();
			total += balance;
		}
		assertThat(total).isEqualTo(ACCOUNTS * INITIAL_CENTS);
		assertThat(negativeSeen).hasValue(0);
		assertThat(refused.get()).as("some transfers must have hit an empty account").isPositive();
	}

}
