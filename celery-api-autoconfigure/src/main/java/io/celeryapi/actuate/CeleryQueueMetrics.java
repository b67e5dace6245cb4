package io.celeryapi.actuate;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.celeryapi.client.CeleryClientFactory;
import io.celeryapi.internal.TaskPublisher;
import io.celeryapi.internal.redis.RedisBroker;
import io.celeryapi.worker.CeleryWorker;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The {@code celery.queue.depth} gauge (tag {@code queue}): messages waiting in each queue
 * this application's worker consumes or its clients send to, over all four priority
 * lists. Values are read from Redis in the background, at most once per refresh interval,
 * so that reading a gauge never waits for Redis; queues that appear later (a consumer
 * added by remote control) get their gauge on the next refresh.
 *
 * @author celery-api
 * @since 0.1.0
 */
public class CeleryQueueMetrics implements MeterBinder {

	/** How often depths are read at most, unless configured otherwise. */
	public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(5);

	private static final Log logger = LogFactory.getLog(CeleryQueueMetrics.class);

	private final RedisBroker broker;

	private final @Nullable CeleryWorker worker;

	private final @Nullable CeleryClientFactory clients;

	private final TaskPublisher publisher;

	private final long refreshNanos;

	private final Map<String, Depth> depths = new ConcurrentHashMap<>();

	private final AtomicBoolean refreshing = new AtomicBoolean();

	private volatile long lastRefresh;

	private volatile boolean refreshed;

	private volatile @Nullable MeterRegistry registry;

	/**
	 * Creates queue metrics.
	 * @param broker reads the queues
	 * @param worker the worker, or {@code null} when there is none
	 * @param clients the client factory, or {@code null} when there is none
	 * @param publisher routes client tasks to their queues
	 * @param refreshInterval how often depths are read at most
	 */
	public CeleryQueueMetrics(RedisBroker broker, @Nullable CeleryWorker worker, @Nullable CeleryClientFactory clients,
			TaskPublisher publisher, Duration refreshInterval) {
		this.broker = broker;
		this.worker = worker;
		this.clients = clients;
		this.publisher = publisher;
		this.refreshNanos = refreshInterval.toNanos();
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.registry = registry;
		this.refreshed = false;
		// Queue names may need the workers' answers (discovery routing): find them off this thread.
		requestRefresh();
	}

	private double depth(Depth depth) {
		if (!this.refreshed || System.nanoTime() - this.lastRefresh >= this.refreshNanos) {
			requestRefresh();
		}
		return depth.value;
	}

	private void requestRefresh() {
		if (!this.refreshing.compareAndSet(false, true)) {
			return;
		}
		Thread thread = new Thread(this::refresh, "celery-queue-metrics");
		thread.setDaemon(true);
		try {
			thread.start();
		}
		catch (RuntimeException | Error ex) {
			this.refreshing.set(false);
			throw ex;
		}
	}

	/**
	 * Reads the depth of every queue now, registering gauges for queues not seen before.
	 */
	void refresh() {
		try {
			MeterRegistry registry = this.registry;
			Set<String> queues = new LinkedHashSet<>(QueueNames.consumed(this.worker));
			queues.addAll(QueueNames.targets(this.clients, this.publisher).keySet());
			for (String queue : queues) {
				Depth depth = this.depths.computeIfAbsent(queue, (name) -> new Depth());
				try {
					depth.value = this.broker.depth(queue).values().stream().mapToLong(Long::longValue).sum();
				}
				catch (RuntimeException ex) {
					depth.value = Double.NaN;
					logger.debug("Could not read the depth of queue '" + queue + "': " + ex.getMessage());
				}
				if (registry != null && depth.registeredIn != registry) {
					Gauge.builder("celery.queue.depth", depth, this::depth)
						.description("Messages waiting in the queue, over all priorities")
						.tag("queue", queue)
						.strongReference(true)
						.register(registry);
					depth.registeredIn = registry;
				}
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Could not refresh queue depths: " + ex.getMessage());
		}
		finally {
			this.lastRefresh = System.nanoTime();
			this.refreshed = true;
			this.refreshing.set(false);
		}
	}

	private static final class Depth {

		volatile double value = Double.NaN;

		volatile @Nullable MeterRegistry registeredIn;

	}

}
