package io.celeryapi.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.celeryapi.core.AsyncResult;
import io.celeryapi.core.CeleryOperations;
import io.celeryapi.core.TaskOptions;
import io.celeryapi.test.RedisServer;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The Java caller of the benchmarks: a Spring Boot application with the starter and no
 * tasks of its own (so no worker), calling through {@link CeleryOperations} as any
 * application does.
 */
final class JavaCaller implements AutoCloseable {

	static final String TASK = "bench.add";

	private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(10);

	private final ConfigurableApplicationContext context;

	private final CeleryOperations celery;

	private final RedisServer redis;

	JavaCaller(RedisServer redis) {
		this.redis = redis;
		this.context = new SpringApplicationBuilder(ClientApplication.class).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties(Map.of("celery.broker-url", redis.url(0), "celery.result-backend", redis.url(1),
					"celery.worker.enabled", "false", "logging.level.root", "WARN"))
			.run();
		this.celery = this.context.getBean(CeleryOperations.class);
	}

	/** One caller: call and wait, {@code calls} times after {@code warmup} calls. */
	Measurement sync(String queue, int warmup, int calls) {
		TaskOptions options = TaskOptions.builder().queue(queue).build();
		for (int i = 0; i < warmup; i++) {
			call(options, i);
		}
		long[] latencies = new long[calls];
		int errors = 0;
		long start = System.nanoTime();
		for (int i = 0; i < calls; i++) {
			long t0 = System.nanoTime();
			if (!call(options, i)) {
				errors++;
			}
			latencies[i] = System.nanoTime() - t0;
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		return new Measurement(calls, seconds, 0, latencies, errors);
	}

	/**
	 * Keeps {@code inflight} calls in flight, as an application serving many requests does
	 * with futures: each call that completes makes room for the next, {@code calls} calls
	 * after {@code warmup} calls made the same way.
	 */
	Measurement many(String queue, int inflight, int warmup, int calls) throws InterruptedException {
		TaskOptions options = TaskOptions.builder().queue(queue).build();
		phase(options, inflight, warmup, null, new AtomicInteger());
		long[] latencies = new long[calls];
		AtomicInteger errors = new AtomicInteger();
		long start = System.nanoTime();
		phase(options, inflight, calls, latencies, errors);
		double seconds = (System.nanoTime() - start) / 1e9;
		return new Measurement(calls, seconds, 0, latencies, errors.get());
	}

	private void phase(TaskOptions options, int inflight, int calls, long[] latencies, AtomicInteger errors)
			throws InterruptedException {
		Semaphore slots = new Semaphore(inflight);
		CountDownLatch done = new CountDownLatch(calls);
		for (int i = 0; i < calls; i++) {
			slots.acquire();
			int call = i;
			long t0 = System.nanoTime();
			this.celery.sendTaskAsync(TASK, List.of(call, 1), Map.of(), options)
				.thenCompose(AsyncResult::toCompletableFuture)
				.orTimeout(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
				.whenComplete((value, ex) -> {
					if (latencies != null) {
						latencies[call] = System.nanoTime() - t0;
					}
					if (ex != null || !(value instanceof Number n) || n.longValue() != call + 1) {
						errors.incrementAndGet();
					}
					slots.release();
					done.countDown();
				});
		}
		done.await();
	}

	/**
	 * Publishes {@code tasks} tasks as fast as one thread can, then waits for each result
	 * (or, with {@code ignoreResult}, until the worker took and acknowledged every one).
	 */
	Measurement throughput(String queue, int tasks, boolean ignoreResult) {
		TaskOptions options = TaskOptions.builder().queue(queue).ignoreResult(ignoreResult ? true : null).build();
		List<CompletableFuture<AsyncResult<Object>>> sends = new ArrayList<>(tasks);
		long cpu0 = processCpuNanos();
		long start = System.nanoTime();
		for (int i = 0; i < tasks; i++) {
			sends.add(this.celery.sendTaskAsync(TASK, List.of(i, 1), Map.of(), options));
		}
		List<AsyncResult<Object>> results = new ArrayList<>(ignoreResult ? 0 : tasks);
		int errors = 0;
		for (CompletableFuture<AsyncResult<Object>> send : sends) {
			try {
				AsyncResult<Object> result = send.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
				if (!ignoreResult) {
					results.add(result);
				}
			}
			catch (Exception ex) {
				errors++;
			}
		}
		long published = System.nanoTime();
		if (ignoreResult) {
			// A last task with a result: once it ran, every earlier one was taken from the
			// queue; then wait until every taken message is acknowledged.
			if (!call(TaskOptions.builder().queue(queue).build(), 0)) {
				errors++;
			}
			waitDrained(queue);
		}
		else {
			long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
			for (int i = 0; i < tasks; i++) {
				try {
					Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1_000_000));
					Object value = results.get(i).get(left);
					if (!(value instanceof Number n) || n.longValue() != i + 1) {
						errors++;
					}
				}
				catch (RuntimeException ex) {
					errors++;
				}
			}
		}
		long done = System.nanoTime();
		double cpuSeconds = (processCpuNanos() - cpu0) / 1e9;
		return new Measurement(tasks, (done - start) / 1e9, (published - start) / 1e9, null, errors, cpuSeconds);
	}

	/** CPU time of this JVM (the caller: it runs no worker). */
	private static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	private void waitDrained(String queue) {
		long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
		int clear = 0;
		while (System.nanoTime() < deadline) {
			if (this.redis.llen(queue) == 0 && "0".equals(this.redis.command("HLEN", "unacked"))) {
				if (++clear >= 2) {
					return;
				}
			}
			else {
				clear = 0;
			}
			sleep(2);
		}
		throw new IllegalStateException("queue " + queue + " not drained within " + DRAIN_TIMEOUT);
	}

	private boolean call(TaskOptions options, int i) {
		try {
			Object value = this.celery.sendTask(TASK, List.of(i, 1), Map.of(), options).get(CALL_TIMEOUT);
			return value instanceof Number n && n.longValue() == i + 1;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.context.close();
	}

	/** The caller's application: auto-configuration only, no component scan, no tasks. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ClientApplication {

	}

}
