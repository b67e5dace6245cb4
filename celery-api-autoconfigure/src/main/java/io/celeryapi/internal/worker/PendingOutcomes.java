package io.celeryapi.internal.worker;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Counts task outcomes (result writes, acks) still on their way to Redis, so that a
 * stopping worker waits for them before its connections close.
 */
public final class PendingOutcomes {

	private int pending;

	/**
	 * Tracks an outcome until it completes.
	 * @param outcome the outcome
	 */
	public void track(CompletableFuture<?> outcome) {
		if (outcome.isDone()) {
			return;
		}
		synchronized (this) {
			this.pending++;
		}
		outcome.whenComplete((ignored, ex) -> {
			synchronized (this) {
				if (--this.pending == 0) {
					notifyAll();
				}
			}
		});
	}

	/**
	 * Waits until every tracked outcome completed.
	 * @param timeout how long to wait at most
	 * @return {@code true} when none is pending
	 */
	public synchronized boolean awaitNone(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (this.pending > 0) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				return false;
			}
			try {
				wait(Math.max(1, left / 1_000_000));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return true;
	}

}
