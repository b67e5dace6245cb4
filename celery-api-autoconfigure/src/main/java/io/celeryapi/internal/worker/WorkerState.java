package io.celeryapi.internal.worker;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.celeryapi.internal.protocol.TaskMessage;

/**
 * What a worker is doing, for remote control, events and actuator: tasks running now,
 * counts per task and outcome, and revoked task ids.
 */
public final class WorkerState {

	private static final int REVOKED_LIMIT = 50_000;

	private final Map<String, RunningTask> running = new ConcurrentHashMap<>();

	private final Map<String, LongAdder> totals = new ConcurrentHashMap<>();

	private final Map<String, Counts> counts = new ConcurrentHashMap<>();

	// Insertion-ordered and bounded, as Celery's LimitedSet of revoked ids.
	private final Set<String> revoked = Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<>() {
		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
			return size() > REVOKED_LIMIT;
		}
	}));

	private final Set<String> terminated = ConcurrentHashMap.newKeySet();

	private final AtomicLong processed = new AtomicLong();

	private final Instant started = Instant.now();

	/**
	 * A task that runs now.
	 *
	 * @param message the task message
	 * @param delivery its delivery
	 * @param timeStart when it started, in epoch seconds
	 * @param thread the thread running it
	 * @param acknowledged whether its message is acknowledged
	 */
	public record RunningTask(TaskMessage message, Delivery delivery, double timeStart, Thread thread,
			boolean acknowledged) {
	}

	/**
	 * Live counts of one task.
	 */
	public static final class Counts {

		/** Messages received. */
		public final LongAdder received = new LongAdder();

		/** Successful runs. */
		public final LongAdder succeeded = new LongAdder();

		/** Failed runs. */
		public final LongAdder failed = new LongAdder();

		/** Retries requested. */
		public final LongAdder retried = new LongAdder();

		/** Runs in progress. */
		public final LongAdder running = new LongAdder();

	}

	/**
	 * Counts of a task, created on first use.
	 * @param task the task name
	 * @return its counts
	 */
	public Counts counts(String task) {
		return this.counts.computeIfAbsent(task, (name) -> new Counts());
	}

	/**
	 * Records that a task starts on the current thread.
	 * @param message the message
	 * @param delivery the delivery
	 * @param acknowledged whether its message is acknowledged already
	 */
	public void started(TaskMessage message, Delivery delivery, boolean acknowledged) {
		this.running.put(message.id(), new RunningTask(message, delivery, System.currentTimeMillis() / 1000.0,
				Thread.currentThread(), acknowledged));
		this.totals.computeIfAbsent(message.task(), (name) -> new LongAdder()).increment();
		counts(message.task()).running.increment();
	}

	/**
	 * Records that a task finished.
	 * @param message the message
	 * @param succeeded whether it succeeded
	 */
	public void finished(TaskMessage message, boolean succeeded) {
		this.running.remove(message.id());
		this.processed.incrementAndGet();
		Counts c = counts(message.task());
		c.running.decrement();
		(succeeded ? c.succeeded : c.failed).increment();
	}

	/**
	 * Tasks running now, by id.
	 * @return the running tasks
	 */
	public Map<String, RunningTask> running() {
		return Collections.unmodifiableMap(this.running);
	}

	/**
	 * How many tasks of each name this worker has started.
	 * @return task name to count
	 */
	public Map<String, Long> totals() {
		Map<String, Long> totals = new java.util.TreeMap<>();
		this.totals.forEach((name, count) -> totals.put(name, count.sum()));
		return totals;
	}

	/**
	 * All counts, by task name.
	 * @return the counts
	 */
	public Map<String, Counts> allCounts() {
		return Collections.unmodifiableMap(this.counts);
	}

	/**
	 * Tasks finished so far.
	 * @return the count
	 */
	public long processed() {
		return this.processed.get();
	}

	/**
	 * When the worker started.
	 * @return the start time
	 */
	public Instant startedAt() {
		return this.started;
	}

	/**
	 * Revokes a task id; with {@code terminate}, interrupts it when it runs here now.
	 * @param taskId the task id
	 * @param terminate whether to interrupt a running task
	 * @return whether a running task was interrupted
	 */
	public boolean revoke(String taskId, boolean terminate) {
		this.revoked.add(taskId);
		RunningTask task = this.running.get(taskId);
		if (terminate && task != null) {
			this.terminated.add(taskId);
			task.thread().interrupt();
			return true;
		}
		return false;
	}

	/**
	 * Whether a task id is revoked.
	 * @param taskId the id
	 * @return {@code true} when revoked
	 */
	public boolean isRevoked(String taskId) {
		return this.revoked.contains(taskId);
	}

	/**
	 * Whether a task was interrupted by a revoke with terminate; clears the mark.
	 * @param taskId the id
	 * @return {@code true} when terminated
	 */
	public boolean consumeTerminated(String taskId) {
		return this.terminated.remove(taskId);
	}

	/**
	 * Revoked ids, oldest first.
	 * @return the ids
	 */
	public java.util.List<String> revokedIds() {
		synchronized (this.revoked) {
			return java.util.List.copyOf(this.revoked);
		}
	}

}
