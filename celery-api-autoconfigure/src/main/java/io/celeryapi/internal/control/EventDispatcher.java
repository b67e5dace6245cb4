package io.celeryapi.internal.control;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.celeryapi.internal.protocol.CeleryTimes;
import io.celeryapi.internal.protocol.Envelopes;
import io.celeryapi.internal.protocol.TaskMessage;
import io.celeryapi.internal.protocol.WireJson;
import io.celeryapi.internal.redis.RedisConnections;
import io.celeryapi.internal.worker.TaskEventListener;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Sends Celery events on {@code /<db>.celeryev/<routing key>}: worker-online, a
 * worker-heartbeat every two seconds and worker-offline always; task events while they
 * are enabled ({@code celery.worker.send-events} or {@code enable_events}). Monitors
 * such as {@code celery events} and Flower then show Java workers.
 */
public final class EventDispatcher implements TaskEventListener {

	/** Seconds between heartbeats, Celery's default. */
	public static final double HEARTBEAT_SECONDS = 2.0;

	private static final Log logger = LogFactory.getLog(EventDispatcher.class);

	private final RedisConnections connections;

	private final String hostname;

	private final AtomicLong clock;

	private final BooleanSupplier taskEventsEnabled;

	private final IntSupplier active;

	private final LongSupplier processed;

	private final long pid = ProcessHandle.current().pid();

	/**
	 * Creates a dispatcher.
	 * @param connections the broker connections
	 * @param hostname the worker's node name
	 * @param clock the worker's Lamport clock
	 * @param taskEventsEnabled whether task events are on now
	 * @param active how many tasks run now
	 * @param processed how many tasks finished
	 */
	public EventDispatcher(RedisConnections connections, String hostname, AtomicLong clock,
			BooleanSupplier taskEventsEnabled, IntSupplier active, LongSupplier processed) {
		this.connections = connections;
		this.hostname = hostname;
		this.clock = clock;
		this.taskEventsEnabled = taskEventsEnabled;
		this.active = active;
		this.processed = processed;
	}

	/**
	 * Sends worker-online.
	 */
	public void online() {
		send("worker-online", workerFields());
	}

	/**
	 * Sends a worker-heartbeat.
	 */
	public void heartbeat() {
		send("worker-heartbeat", workerFields());
	}

	/**
	 * Sends worker-offline and waits until Redis has it.
	 */
	public void offline() {
		ObjectNode event = event("worker-offline", workerFields());
		try {
			// Bounded: at shutdown Redis may already be gone.
			this.connections.broker()
				.async()
				.publish(channel("worker.offline"), envelope(event, "worker.offline"))
				.toCompletableFuture()
				.get(1, java.util.concurrent.TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			logger.debug("Could not send worker-offline: " + ex.getMessage());
		}
	}

	private ObjectNode workerFields() {
		ObjectNode fields = WireJson.NODES.objectNode();
		fields.put("freq", HEARTBEAT_SECONDS);
		fields.put("active", this.active.getAsInt());
		fields.put("processed", this.processed.getAsLong());
		double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
		fields.putArray("loadavg").add(round(load)).add(round(load)).add(round(load));
		fields.put("sw_ident", "celery-api");
		fields.put("sw_ver", "0.1.0");
		fields.put("sw_sys", System.getProperty("os.name"));
		return fields;
	}

	private static double round(double load) {
		return (load < 0) ? 0.0 : Math.round(load * 100) / 100.0;
	}

	@Override
	public void received(TaskMessage message) {
		if (!this.taskEventsEnabled.getAsBoolean()) {
			return;
		}
		ObjectNode fields = WireJson.NODES.objectNode();
		fields.put("uuid", message.id());
		fields.put("name", message.task());
		fields.put("args", repr(message.args()));
		fields.put("kwargs", repr(message.kwargs()));
		fields.put("root_id", message.rootId());
		fields.put("parent_id", message.parentId());
		fields.put("retries", message.retries());
		fields.put("eta", (message.eta() != null) ? CeleryTimes.formatWithOffset(message.eta()) : null);
		fields.put("expires", (message.expires() != null) ? CeleryTimes.formatWithOffset(message.expires()) : null);
		send("task-received", fields);
	}

	@Override
	public void started(TaskMessage message) {
		if (this.taskEventsEnabled.getAsBoolean()) {
			send("task-started", WireJson.NODES.objectNode().put("uuid", message.id()));
		}
	}

	@Override
	public void succeeded(TaskMessage message, @Nullable JsonNode result, double runtimeSeconds) {
		if (this.taskEventsEnabled.getAsBoolean()) {
			send("task-succeeded", WireJson.NODES.objectNode()
				.put("uuid", message.id())
				.put("result", (result != null) ? repr(result) : "None")
				.put("runtime", runtimeSeconds));
		}
	}

	@Override
	public void failed(TaskMessage message, String exception, String traceback, double runtimeSeconds) {
		if (this.taskEventsEnabled.getAsBoolean()) {
			send("task-failed", WireJson.NODES.objectNode()
				.put("uuid", message.id())
				.put("exception", exception)
				.put("traceback", traceback));
		}
	}

	@Override
	public void revoked(TaskMessage message, boolean terminated, boolean expired) {
		if (this.taskEventsEnabled.getAsBoolean()) {
			send("task-revoked", WireJson.NODES.objectNode()
				.put("uuid", message.id())
				.put("terminated", terminated)
				.put("signum", terminated ? "15" : null)
				.put("expired", expired));
		}
	}

	@Override
	public void rejected(@Nullable String taskId, String reason) {
		if (this.taskEventsEnabled.getAsBoolean() && taskId != null) {
			send("task-rejected", WireJson.NODES.objectNode().put("uuid", taskId).put("requeue", false));
		}
	}

	@Override
	public void retried(TaskMessage message, String exception, String traceback) {
		if (this.taskEventsEnabled.getAsBoolean()) {
			send("task-retried", WireJson.NODES.objectNode()
				.put("uuid", message.id())
				.put("exception", exception)
				.put("traceback", traceback));
		}
	}

	private static String repr(JsonNode node) {
		String json = node.toString();
		return (json.length() > 1024) ? json.substring(0, 1021) + "..." : json;
	}

	private void send(String type, ObjectNode fields) {
		String routingKey = type.replace('-', '.');
		try {
			this.connections.broker().async().publish(channel(routingKey), envelope(event(type, fields), routingKey));
		}
		catch (RuntimeException ex) {
			logger.debug("Could not send " + type + ": " + ex.getMessage());
		}
	}

	private ObjectNode event(String type, ObjectNode fields) {
		ObjectNode event = WireJson.NODES.objectNode();
		event.put("hostname", this.hostname);
		event.put("utcoffset", 0);
		event.put("pid", this.pid);
		event.put("clock", this.clock.incrementAndGet());
		event.setAll(fields);
		event.put("timestamp", System.currentTimeMillis() / 1000.0);
		event.put("type", type);
		return event;
	}

	private String channel(String routingKey) {
		return "/" + this.connections.brokerDatabase() + ".celeryev/" + routingKey;
	}

	private String envelope(ObjectNode event, String routingKey) {
		return Envelopes.encode(event, WireJson.NODES.objectNode().put("hostname", this.hostname), "celeryev",
				routingKey, 1);
	}

}
