package io.celeryapi.actuate;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisURI;

import io.celeryapi.client.CeleryClientFactory;
import io.celeryapi.inspect.CeleryInspector;
import io.celeryapi.inspect.QueueInfo;
import io.celeryapi.internal.TaskPublisher;
import io.celeryapi.internal.redis.RedisConnections;
import io.celeryapi.worker.CeleryWorker;
import io.celeryapi.worker.TaskRegistry;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.util.Assert;

/**
 * Health of Celery in this application: up when the broker answers {@code PING} and,
 * when the application serves tasks, its worker runs. For the queues this application's
 * clients send to, it reports whether some live worker consumes each; whether a queue
 * nobody consumes makes the application down is configurable.
 *
 * @author celery-api
 * @since 0.1.0
 */
public class CeleryHealthIndicator extends AbstractHealthIndicator {

	private final RedisConnections connections;

	private final TaskRegistry registry;

	private final @Nullable CeleryWorker worker;

	private final @Nullable CeleryClientFactory clients;

	private final TaskPublisher publisher;

	private final CeleryInspector inspector;

	private final Duration timeout;

	private final boolean clientQueuesAffectStatus;

	/**
	 * Creates an indicator.
	 * @param connections the broker connections
	 * @param registry the tasks this application serves
	 * @param worker the worker, or {@code null} when there is none
	 * @param clients the client factory, or {@code null} when there is none
	 * @param publisher routes client tasks to their queues
	 * @param inspector asks the live workers which queues they consume
	 * @param timeout how long to wait for the broker's and the workers' answers
	 * @param clientQueuesAffectStatus whether a client queue that no live worker consumes
	 * makes the status down
	 */
	public CeleryHealthIndicator(RedisConnections connections, TaskRegistry registry, @Nullable CeleryWorker worker,
			@Nullable CeleryClientFactory clients, TaskPublisher publisher, CeleryInspector inspector,
			Duration timeout, boolean clientQueuesAffectStatus) {
		super("Celery health check failed");
		Assert.notNull(connections, "'connections' must not be null");
		this.connections = connections;
		this.registry = registry;
		this.worker = worker;
		this.clients = clients;
		this.publisher = publisher;
		this.inspector = inspector;
		this.timeout = timeout;
		this.clientQueuesAffectStatus = clientQueuesAffectStatus;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws Exception {
		boolean up = true;
		builder.withDetail("broker", describe(this.connections.brokerUri()));
		String pong = this.connections.broker()
			.async()
			.ping()
			.toCompletableFuture()
			.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		builder.withDetail("ping", pong);
		up &= "PONG".equalsIgnoreCase(pong);
		if (!this.registry.isEmpty()) {
			CeleryWorker worker = this.worker;
			boolean running = worker != null && worker.isRunning();
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("running", running);
			if (worker != null) {
				details.put("hostname", worker.getSettings().hostname());
				details.put("queues", worker.getQueues());
				details.put("inFlight", worker.getRunningCount());
			}
			details.put("tasks", this.registry.getEndpoints().size());
			builder.withDetail("worker", details);
			up &= running;
		}
		Map<String, List<String>> targets = QueueNames.targets(this.clients, this.publisher);
		if (!targets.isEmpty()) {
			up &= checkClientQueues(builder, targets) || !this.clientQueuesAffectStatus;
		}
		if (up) {
			builder.up();
		}
		else {
			builder.down();
		}
	}

	/**
	 * Reports, for each client queue, the live workers that consume it.
	 * @return whether every client queue has a consumer
	 */
	private boolean checkClientQueues(Health.Builder builder, Map<String, List<String>> targets) {
		Map<String, List<QueueInfo>> active;
		try {
			active = this.inspector.activeQueues(this.timeout);
		}
		catch (RuntimeException ex) {
			builder.withDetail("clientQueues", Map.of("error", ex.getClass().getName() + ": " + ex.getMessage()));
			return false;
		}
		boolean allConsumed = true;
		Map<String, Object> queues = new LinkedHashMap<>();
		for (Map.Entry<String, List<String>> target : targets.entrySet()) {
			TreeSet<String> consumers = new TreeSet<>();
			active.forEach((worker, consumed) -> {
				if (consumed.stream().anyMatch((queue) -> queue.name().equals(target.getKey()))) {
					consumers.add(worker);
				}
			});
			Map<String, Object> queue = new LinkedHashMap<>();
			queue.put("consumed", !consumers.isEmpty());
			queue.put("consumers", consumers);
			queue.put("tasks", target.getValue());
			queues.put(target.getKey(), queue);
			allConsumed &= !consumers.isEmpty();
		}
		builder.withDetail("clientQueues", queues);
		return allConsumed;
	}

	private static String describe(RedisURI uri) {
		StringBuilder text = new StringBuilder();
		if (uri.getSentinelMasterId() != null) {
			text.append("redis-sentinel://")
				.append(String.join(",",
						uri.getSentinels().stream().map((sentinel) -> sentinel.getHost() + ":" + sentinel.getPort())
							.toList()));
			text.append('/').append(uri.getDatabase()).append('#').append(uri.getSentinelMasterId());
		}
		else {
			text.append(uri.isSsl() ? "rediss://" : "redis://").append(uri.getHost()).append(':')
				.append(uri.getPort()).append('/').append(uri.getDatabase());
		}
		return text.toString();
	}

}
