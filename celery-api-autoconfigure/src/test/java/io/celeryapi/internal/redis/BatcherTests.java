package io.celeryapi.internal.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Batcher}: the group commit behind acks, result stores, publishes and
 * result subscriptions.
 */
class BatcherTests {

	/** A sender whose batches complete only when the test says so. */
	private final List<List<String>> sent = new CopyOnWriteArrayList<>();

	private final List<CompletableFuture<List<String>>> replies = new CopyOnWriteArrayList<>();

	private CompletionStage<List<String>> send(List<String> items) {
		this.sent.add(List.copyOf(items));
		CompletableFuture<List<String>> reply = new CompletableFuture<>();
		this.replies.add(reply);
		return reply;
	}

	private static List<String> echo(List<String> items) {
		return items.stream().map((item) -> item + "!").toList();
	}

	@Test
	void loneItemGoesAtOnce() {
		Batcher<String, String> batcher = new Batcher<>(10, this::send);
		CompletableFuture<String> result = batcher.add("a");
		assertThat(this.sent).containsExactly(List.of("a"));
		assertThat(result).isNotDone();
		this.replies.get(0).complete(List.of("a!"));
		assertThat(result).isCompletedWithValue("a!");
	}

	@Test
	void itemsAddedWhileABatchIsOnTheWireGoTogetherInOrder() {
		Batcher<String, String> batcher = new Batcher<>(10, this::send);
		CompletableFuture<String> a = batcher.add("a");
		List<CompletableFuture<String>> later = new ArrayList<>();
		for (String item : List.of("b", "c", "d")) {
			later.add(batcher.add(item));
		}
		assertThat(this.sent).containsExactly(List.of("a"));
		this.replies.get(0).complete(echo(this.sent.get(0)));
		assertThat(a).isCompletedWithValue("a!");
		assertThat(this.sent).containsExactly(List.of("a"), List.of("b", "c", "d"));
		this.replies.get(1).complete(echo(this.sent.get(1)));
		assertThat(later).extracting(CompletableFuture::join).containsExactly("b!", "c!", "d!");
	}

	@Test
	void batchesNeverExceedTheirLimit() {
		Batcher<String, String> batcher = new Batcher<>(2, this::send);
		batcher.add("a");
		batcher.add("b");
		batcher.add("c");
		batcher.add("d");
		this.replies.get(0).complete(echo(this.sent.get(0)));
		this.replies.get(1).complete(echo(this.sent.get(1)));
		assertThat(this.sent).containsExactly(List.of("a"), List.of("b", "c"), List.of("d"));
	}

	@Test
	void failedBatchFailsEachOfItsItemsAndTheNextBatchStillGoes() {
		Batcher<String, String> batcher = new Batcher<>(10, this::send);
		CompletableFuture<String> a = batcher.add("a");
		CompletableFuture<String> b = batcher.add("b");
		this.replies.get(0).completeExceptionally(new IllegalStateException("connection lost"));
		assertThat(a).isCompletedExceptionally();
		assertThat(this.sent).containsExactly(List.of("a"), List.of("b"));
		this.replies.get(1).complete(List.of("b!"));
		assertThat(b).isCompletedWithValue("b!");
	}

	@Test
	void senderThatThrowsFailsTheItemAndFreesTheSlot() {
		Batcher<String, String> batcher = new Batcher<>(10, (items) -> {
			if (items.contains("bad")) {
				throw new IllegalArgumentException("cannot send");
			}
			return CompletableFuture.completedFuture(echo(items));
		});
		assertThat(batcher.add("bad")).isCompletedExceptionally();
		assertThat(batcher.add("good")).isCompletedWithValue("good!");
	}

	@Test
	void shortAnswerFailsTheItemsLeftWithoutOne() {
		Batcher<String, String> batcher = new Batcher<>(10, this::send);
		batcher.add("a");
		CompletableFuture<String> b = batcher.add("b");
		CompletableFuture<String> c = batcher.add("c");
		this.replies.get(0).complete(List.of("a!"));
		this.replies.get(1).complete(List.of("b!"));
		assertThat(b).isCompletedWithValue("b!");
		assertThat(c).isCompletedExceptionally();
	}

	@Test
	void concurrentAddersLoseNothing() throws InterruptedException {
		List<String> seen = new CopyOnWriteArrayList<>();
		Batcher<String, String> batcher = new Batcher<>(64, (items) -> {
			seen.addAll(items);
			return CompletableFuture.supplyAsync(() -> echo(items));
		});
		List<CompletableFuture<String>> results = new CopyOnWriteArrayList<>();
		List<Thread> threads = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			int thread = t;
			Thread adder = new Thread(() -> {
				for (int i = 0; i < 2_000; i++) {
					results.add(batcher.add(thread + ":" + i));
				}
			});
			adder.start();
			threads.add(adder);
		}
		for (Thread thread : threads) {
			thread.join();
		}
		CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).join();
		assertThat(seen).hasSize(8_000).doesNotHaveDuplicates();
		assertThat(results).allSatisfy((result) -> assertThat(result.join()).endsWith("!"));
		// Each thread's items went in the order it added them.
		for (int t = 0; t < 4; t++) {
			String prefix = t + ":";
			List<Integer> order = seen.stream().filter((item) -> item.startsWith(prefix))
				.map((item) -> Integer.parseInt(item.substring(prefix.length()))).toList();
			assertThat(order).isSorted();
		}
	}

}
