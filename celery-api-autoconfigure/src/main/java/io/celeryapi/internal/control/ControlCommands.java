package io.celeryapi.internal.control;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.lettuce.core.RedisURI;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.celeryapi.internal.protocol.CeleryTimes;
import io.celeryapi.internal.protocol.TaskMessage;
import io.celeryapi.internal.protocol.WireJson;
import io.celeryapi.internal.worker.Delivery;
import io.celeryapi.internal.worker.WorkerState;
import io.celeryapi.worker.TaskEndpoint;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Celery's remote control and inspect commands, answered as a Python worker answers them
 * (captured shapes in the wire reference).
 */
public final class ControlCommands {

	private static final Log logger = LogFactory.getLog(ControlCommands.class);

	private final WorkerControl worker;

	private final RedisURI broker;

	private final AtomicLong clock;

	private final long pid = ProcessHandle.current().pid();

	/**
	 * Creates the commands.
	 * @param worker the worker they act on
	 * @param broker the broker, for {@code stats}
	 * @param clock the worker's Lamport clock
	 */
	public ControlCommands(WorkerControl worker, RedisURI broker, AtomicLong clock) {
		this.worker = worker;
		this.broker = broker;
		this.clock = clock;
	}

	/**
	 * Handles one command.
	 * @param method the command
	 * @param arguments its arguments
	 * @return the reply value, or {@code null} for no reply
	 */
	public @Nullable JsonNode handle(String method, JsonNode arguments) {
		try {
			return switch (method) {
				case "ping" -> ok("pong");
				case "registered" -> registered();
				case "active_queues" -> activeQueues();
				case "stats" -> stats();
				case "active" -> active();
				case "reserved" -> reserved();
				case "scheduled" -> scheduled();
				case "revoked" -> WireJson.MAPPER.valueToTree(this.worker.state().revokedIds());
				case "query_task" -> queryTask(arguments.get("ids"));
				case "conf" -> WireJson.MAPPER.valueToTree(this.worker.conf());
				case "clock" -> WireJson.NODES.objectNode().put("clock", this.clock.get());
				case "report" -> ok(report());
				case "revoke" -> revoke(arguments);
				case "terminate" -> revoke(((ObjectNode) arguments.deepCopy()).put("terminate", true));
				case "rate_limit" -> rateLimit(arguments);
				case "time_limit" -> timeLimit(arguments);
				case "add_consumer" -> addConsumer(arguments);
				case "cancel_consumer" -> cancelConsumer(arguments);
				case "enable_events" -> ok(this.worker.setTaskEvents(true) ? "task events enabled"
						: "task events already enabled");
				case "disable_events" -> ok(this.worker.setTaskEvents(false) ? "task events disabled"
						: "task events already disabled");
				case "heartbeat" -> null;
				case "hello" -> hello(arguments);
				case "shutdown" -> shutdown();
				default -> WireJson.NODES.objectNode().put("error", "KeyError('" + method + "')");
			};
		}
		catch (RuntimeException ex) {
			logger.warn("Remote control command " + method + " failed", ex);
			return WireJson.NODES.objectNode().put("error", ex.getClass().getSimpleName() + "('" + ex.getMessage() + "')");
		}
	}

	private static ObjectNode ok(String value) {
		return WireJson.NODES.objectNode().put("ok", value);
	}

	private static ObjectNode error(String value) {
		return WireJson.NODES.objectNode().put("error", value);
	}

	private JsonNode registered() {
		ArrayNode names = WireJson.NODES.arrayNode();
		for (TaskEndpoint endpoint : this.worker.registry().getEndpoints()) {
			if (!endpoint.getName().startsWith("celery.")) {
				names.add(endpoint.getName());
			}
		}
		return names;
	}

	private JsonNode activeQueues() {
		ArrayNode queues = WireJson.NODES.arrayNode();
		for (String queue : this.worker.queues()) {
			queues.add(queueInfo(queue));
		}
		return queues;
	}

	static ObjectNode queueInfo(String queue) {
		ObjectNode info = WireJson.NODES.objectNode();
		info.put("name", queue);
		ObjectNode exchange = info.putObject("exchange");
		exchange.put("name", queue);
		exchange.put("type", "direct");
		exchange.putNull("arguments");
		exchange.put("durable", true);
		exchange.put("passive", false);
		exchange.put("auto_delete", false);
		exchange.putNull("delivery_mode");
		exchange.put("no_declare", false);
		info.put("routing_key", queue);
		info.putNull("queue_arguments");
		info.putNull("binding_arguments");
		info.putNull("consumer_arguments");
		info.put("durable", true);
		info.put("exclusive", false);
		info.put("auto_delete", false);
		info.put("no_ack", false);
		info.putNull("alias");
		info.putArray("bindings");
		info.putNull("no_declare");
		info.putNull("expires");
		info.putNull("message_ttl");
		info.putNull("max_length");
		info.putNull("max_length_bytes");
		info.putNull("max_priority");
		return info;
	}

	private JsonNode stats() {
		ObjectNode stats = WireJson.NODES.objectNode();
		stats.set("total", WireJson.MAPPER.valueToTree(this.worker.state().totals()));
		stats.put("pid", this.pid);
		stats.put("clock", String.valueOf(this.clock.get()));
		stats.put("uptime", Duration.between(this.worker.state().startedAt(), Instant.now()).toSeconds());
		ObjectNode pool = stats.putObject("pool");
		pool.put("max-concurrency", this.worker.settings().concurrency());
		pool.put("threads", this.worker.settings().concurrency());
		pool.put("implementation", "java-threads");
		ObjectNode broker = stats.putObject("broker");
		broker.put("hostname", this.broker.getHost());
		broker.putNull("userid");
		broker.put("virtual_host", String.valueOf(this.broker.getDatabase()));
		broker.put("port", this.broker.getPort());
		broker.put("insist", false);
		broker.put("ssl", this.broker.isSsl());
		broker.put("transport", "redis");
		broker.put("connect_timeout", 4);
		broker.putObject("transport_options").put("visibility_timeout",
				this.worker.settings().visibilityTimeout().toSeconds());
		broker.putNull("login_method");
		broker.putNull("uri_prefix");
		broker.put("heartbeat", 120.0);
		broker.put("failover_strategy", "round-robin");
		broker.putArray("alternates");
		stats.put("prefetch_count", this.worker.settings().prefetch());
		stats.set("rusage", rusage());
		return stats;
	}

	private static ObjectNode rusage() {
		ObjectNode rusage = WireJson.NODES.objectNode();
		Duration cpu = ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
		rusage.put("utime", cpu.toNanos() / 1e9);
		rusage.put("stime", 0.0);
		rusage.put("maxrss", maxRssKilobytes());
		return rusage;
	}

	private static long maxRssKilobytes() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
				if (line.startsWith("VmHWM:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", ""));
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// not Linux: fall back to the JVM's view
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() / 1024;
	}

	private JsonNode active() {
		ArrayNode active = WireJson.NODES.arrayNode();
		for (WorkerState.RunningTask task : this.worker.state().running().values()) {
			active.add(requestInfo(task.message(), task.delivery(), task.timeStart(), task.acknowledged()));
		}
		return active;
	}

	private JsonNode reserved() {
		ArrayNode reserved = WireJson.NODES.arrayNode();
		this.worker.reserved().forEach((delivery, message) -> reserved.add(requestInfo(message, delivery, null, false)));
		return reserved;
	}

	private JsonNode scheduled() {
		ArrayNode scheduled = WireJson.NODES.arrayNode();
		this.worker.scheduled().forEach((delivery, entry) -> {
			ObjectNode item = scheduled.addObject();
			item.put("eta", CeleryTimes.formatWithOffset(entry.getValue()));
			item.put("priority", delivery.envelope().priority());
			item.set("request", requestInfo(entry.getKey(), delivery, null, false));
		});
		return scheduled;
	}

	private ObjectNode requestInfo(TaskMessage message, Delivery delivery, @Nullable Double timeStart,
			boolean acknowledged) {
		ObjectNode info = WireJson.NODES.objectNode();
		info.put("id", message.id());
		info.put("name", message.task());
		info.set("args", message.args());
		info.set("kwargs", message.kwargs());
		info.put("type", message.task());
		info.put("hostname", this.worker.settings().hostname());
		info.put("time_start", timeStart);
		info.put("acknowledged", acknowledged);
		ObjectNode deliveryInfo = info.putObject("delivery_info");
		deliveryInfo.put("exchange", delivery.envelope().exchange());
		deliveryInfo.put("routing_key", delivery.envelope().routingKey());
		deliveryInfo.put("priority", delivery.envelope().priority());
		JsonNode redelivered = message.headers().get("redelivered");
		deliveryInfo.set("redelivered", (redelivered != null) ? redelivered : WireJson.NODES.nullNode());
		info.put("worker_pid", this.pid);
		return info;
	}

	private JsonNode queryTask(@Nullable JsonNode ids) {
		ObjectNode result = WireJson.NODES.objectNode();
		List<String> wanted = idsOf(ids);
		this.worker.state().running().forEach((id, task) -> {
			if (wanted.contains(id)) {
				result.putArray(id).add("active").add(requestInfo(task.message(), task.delivery(), task.timeStart(),
						task.acknowledged()));
			}
		});
		this.worker.reserved().forEach((delivery, message) -> {
			if (wanted.contains(message.id())) {
				result.putArray(message.id()).add("reserved").add(requestInfo(message, delivery, null, false));
			}
		});
		this.worker.scheduled().forEach((delivery, entry) -> {
			if (wanted.contains(entry.getKey().id())) {
				result.putArray(entry.getKey().id()).add("reserved").add(requestInfo(entry.getKey(), delivery, null,
						false));
			}
		});
		return result;
	}

	private static List<String> idsOf(@Nullable JsonNode ids) {
		List<String> list = new ArrayList<>();
		if (ids == null || ids.isNull()) {
			return list;
		}
		if (ids.isArray()) {
			ids.forEach((id) -> list.add(id.asString()));
		}
		else {
			list.add(ids.asString());
		}
		return list;
	}

	private String report() {
		return "software -> celery-api:0.1.0 (java " + System.getProperty("java.version") + ") "
				+ System.getProperty("os.name") + "\nbroker -> redis://" + this.broker.getHost() + ":"
				+ this.broker.getPort() + "/" + this.broker.getDatabase() + "\nworker -> "
				+ this.worker.settings().hostname() + "\nqueues -> " + this.worker.queues() + "\ntasks -> "
				+ this.worker.registry().getEndpoints().stream().map(TaskEndpoint::getName).toList();
	}

	private JsonNode revoke(JsonNode arguments) {
		List<String> ids = idsOf(arguments.get("task_id"));
		boolean terminate = arguments.path("terminate").asBoolean(false);
		List<String> terminated = new ArrayList<>();
		for (String id : ids) {
			if (this.worker.state().revoke(id, terminate)) {
				terminated.add(id);
			}
		}
		this.worker.persistRevoked(ids);
		if (terminate) {
			return ok(terminated.isEmpty() ? "terminate: tasks unknown" : "terminate: " + String.join(", ", terminated));
		}
		logger.info("Tasks flagged as revoked: " + String.join(", ", ids));
		return ok("tasks " + String.join(", ", ids) + " flagged as revoked");
	}

	private JsonNode rateLimit(JsonNode arguments) {
		String task = WireJson.text(arguments, "task_name");
		String rate = WireJson.text(arguments, "rate_limit");
		if (task == null || this.worker.registry().get(task) == null) {
			return error("unknown task");
		}
		if (rate != null && !rate.matches("\\d+(\\.\\d+)?(/[smh])?")) {
			return error("Invalid rate limit string: ValueError('" + rate + "')");
		}
		this.worker.setRateLimit(task, rate);
		return ok((rate == null || rate.startsWith("0")) ? "rate limit disabled successfully"
				: "new rate limit set successfully");
	}

	private JsonNode timeLimit(JsonNode arguments) {
		String task = WireJson.text(arguments, "task_name");
		if (task == null || this.worker.registry().get(task) == null) {
			return error("unknown task");
		}
		JsonNode soft = arguments.get("soft");
		JsonNode hard = arguments.get("hard");
		this.worker.setTimeLimits(task, (soft != null && soft.isNumber()) ? soft.asDouble() : null,
				(hard != null && hard.isNumber()) ? hard.asDouble() : null);
		return ok("time limits set successfully");
	}

	private JsonNode addConsumer(JsonNode arguments) {
		String queue = WireJson.text(arguments, "queue");
		if (queue == null) {
			return error("queue is required");
		}
		return this.worker.addQueue(queue) ? ok("add consumer " + queue) : ok("already consuming from '" + queue + "'");
	}

	private JsonNode cancelConsumer(JsonNode arguments) {
		String queue = WireJson.text(arguments, "queue");
		if (queue == null) {
			return error("queue is required");
		}
		this.worker.cancelQueue(queue);
		return ok("no longer consuming from " + queue);
	}

	private @Nullable JsonNode hello(JsonNode arguments) {
		if (this.worker.settings().hostname().equals(WireJson.text(arguments, "from_node"))) {
			return null;
		}
		ObjectNode reply = WireJson.NODES.objectNode();
		ObjectNode revoked = reply.putObject("revoked");
		// Celery's LimitedSet wants float timestamps; an int makes mingle drop the whole reply.
		double now = System.currentTimeMillis() / 1000.0;
		this.worker.state().revokedIds().forEach((id) -> revoked.put(id, now));
		reply.put("clock", this.clock.get());
		return reply;
	}

	private JsonNode shutdown() {
		if (!this.worker.shutdown()) {
			return error("remote shutdown is disabled on " + this.worker.settings().hostname()
					+ " (set celery.worker.remote-shutdown=true)");
		}
		logger.warn("Got shutdown from remote");
		return ok("Warm shutdown");
	}

}
