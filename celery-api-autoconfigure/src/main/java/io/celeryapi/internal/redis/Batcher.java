package io.celeryapi.internal.redis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Group commit for Redis commands: while one batch is on the wire, new items queue up and
 * then go together as the next batch, in one command. A lone item goes at once, so an
 * idle caller pays no extra latency; a busy stream costs Redis a command per batch, not
 * per item. Items are sent in the order they were added.
 *
 * @param <T> the item type
 * @param <R> the per-item result type
 */
final class Batcher<T, R> {

	private final Function<List<T>, CompletionStage<List<R>>> sender;

	private final int maxBatch;

	private final ConcurrentLinkedQueue<Pending<T, R>> queue = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean sending = new AtomicBoolean();

	/**
	 * Creates a batcher.
	 * @param maxBatch the most items in one command
	 * @param sender sends a batch and completes with one result per item, in order
	 */
	Batcher(int maxBatch, Function<List<T>, CompletionStage<List<R>>> sender) {
		this.maxBatch = maxBatch;
		this.sender = sender;
	}

	/**
	 * A batcher for a command that succeeds or fails for its whole batch.
	 * @param <T> the item type
	 * @param maxBatch the most items in one command
	 * @param command sends a batch
	 * @return the batcher; each item completes with {@code null} when its batch did
	 */
	static <T> Batcher<T, Object> wholeBatch(int maxBatch, Function<List<T>, CompletionStage<?>> command) {
		return new Batcher<>(maxBatch,
				(items) -> command.apply(items).thenApply((ignored) -> Collections.nCopies(items.size(), null)));
	}

	/**
	 * Adds an item to the next batch.
	 * @param item the item
	 * @return completes with the item's result when its batch completed
	 */
	CompletableFuture<R> add(T item) {
		Pending<T, R> pending = new Pending<>(item, new CompletableFuture<>());
		this.queue.add(pending);
		drain();
		return pending.future();
	}

	private void drain() {
		while (!this.queue.isEmpty() && this.sending.compareAndSet(false, true)) {
			List<Pending<T, R>> batch = new ArrayList<>(Math.min(this.maxBatch, 16));
			Pending<T, R> next;
			while (batch.size() < this.maxBatch && (next = this.queue.poll()) != null) {
				batch.add(next);
			}
			if (batch.isEmpty()) {
				this.sending.set(false);
				continue;
			}
			List<T> items = new ArrayList<>(batch.size());
			for (Pending<T, R> pending : batch) {
				items.add(pending.item());
			}
			CompletionStage<List<R>> sent;
			try {
				sent = this.sender.apply(items);
			}
			catch (RuntimeException ex) {
				sent = CompletableFuture.failedFuture(ex);
			}
			sent.whenComplete((results, ex) -> {
				// Free the slot first: completing an item may add the next one.
				this.sending.set(false);
				complete(batch, results, ex);
				drain();
			});
			return;
		}
	}

	private static <T, R> void complete(List<Pending<T, R>> batch, List<R> results, Throwable ex) {
		for (int i = 0; i < batch.size(); i++) {
			CompletableFuture<R> future = batch.get(i).future();
			if (ex != null) {
				future.completeExceptionally(ex);
			}
			else if (results == null || i >= results.size()) {
				future.completeExceptionally(new IllegalStateException(
						"Redis answered " + ((results != null) ? results.size() : 0) + " of " + batch.size() + " items"));
			}
			else {
				future.complete(results.get(i));
			}
		}
	}

	private record Pending<T, R>(T item, CompletableFuture<R> future) {
	}

}
