package io.celeryapi.actuate;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import tools.jackson.databind.JsonNode;

import io.celeryapi.internal.protocol.TaskMessage;
import io.celeryapi.internal.worker.TaskEventListener;
import io.celeryapi.worker.CeleryWorker;

import org.jspecify.annotations.Nullable;

/**
 * Micrometer metrics of a worker: {@code celery.task.execution} timers (tags
 * {@code task}, {@code outcome}), {@code celery.messages.received} (tag {@code task}),
 * {@code celery.messages.rejected} and {@code celery.messages.dead_lettered} counters,
 * and the {@code celery.tasks.in_flight} gauge. Register it with
 * {@link CeleryWorker#addTaskEventListener} before the worker starts; it records from the
 * moment it is bound to a registry.
 *
 * @author celery-api
 * @since 0.1.0
 */
public class CeleryWorkerMetrics implements TaskEventListener, MeterBinder {

	private final CeleryWorker worker;

	private final Map<String, Counter> received = new ConcurrentHashMap<>();

	private final Map<String, Timer> successes = new ConcurrentHashMap<>();

	private final Map<String, Timer> failures = new ConcurrentHashMap<>();

	private volatile @Nullable Bound bound;

	/**
	 * Creates metrics of a worker.
	 * @param worker the worker
	 */
	public CeleryWorkerMetrics(CeleryWorker worker) {
		this.worker = worker;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("celery.tasks.in_flight", this.worker, CeleryWorker::getRunningCount)
			.description("Tasks running now")
			.strongReference(true)
			.register(registry);
		Counter rejected = Counter.builder("celery.messages.rejected")
			.description("Messages the worker could not run")
			.register(registry);
		Counter deadLettered = Counter.builder("celery.messages.dead_lettered")
			.description("Rejected messages kept in the dead-letter list")
			.register(registry);
		this.received.clear();
		this.successes.clear();
		this.failures.clear();
		this.bound = new Bound(registry, rejected, deadLettered);
	}

	@Override
	public void received(TaskMessage message) {
		Bound bound = this.bound;
		if (bound != null) {
			this.received.computeIfAbsent(message.task(), (task) -> Counter.builder("celery.messages.received")
				.description("Task messages received")
				.tag("task", task)
				.register(bound.registry())).increment();
		}
	}

	@Override
	public void succeeded(TaskMessage message, @Nullable JsonNode result, double runtimeSeconds) {
		record(this.successes, message.task(), "success", runtimeSeconds);
	}

	@Override
	public void failed(TaskMessage message, String exception, String traceback, double runtimeSeconds) {
		record(this.failures, message.task(), "failure", runtimeSeconds);
	}

	@Override
	public void rejected(@Nullable String taskId, String reason) {
		Bound bound = this.bound;
		if (bound != null) {
			// Every rejected message is kept in the dead-letter list.
			bound.rejected().increment();
			bound.deadLettered().increment();
		}
	}

	private void record(Map<String, Timer> timers, String task, String outcome, double runtimeSeconds) {
		Bound bound = this.bound;
		if (bound != null) {
			timers.computeIfAbsent(task, (name) -> Timer.builder("celery.task.execution")
				.description("Task run time")
				.tag("task", name)
				.tag("outcome", outcome)
				.register(bound.registry())).record((long) (runtimeSeconds * 1e9), TimeUnit.NANOSECONDS);
		}
	}

	private record Bound(MeterRegistry registry, Counter rejected, Counter deadLettered) {
	}

}
