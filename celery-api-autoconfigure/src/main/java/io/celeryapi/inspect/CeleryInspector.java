package io.celeryapi.inspect;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.lettuce.core.KeyValue;
import io.lettuce.core.api.StatefulRedisConnection;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.celeryapi.internal.control.PidboxRequests;
import io.celeryapi.internal.protocol.Envelope;
import io.celeryapi.internal.protocol.WireJson;
import io.celeryapi.internal.redis.RedisConnections;
import io.celeryapi.internal.redis.RedisKeys;

import org.jspecify.annotations.Nullable;

/**
 * Asks the live workers, Java and Python alike, what they are: Celery's
 * {@code inspect} from Java. Each call broadcasts one request and collects the replies
 * that arrive within the timeout.
 *
 * @author celery-api
 * @since 0.1.0
 */
public class CeleryInspector {

	private static final String REPLY_EXCHANGE = PidboxRequests.REPLY_EXCHANGE;

	private final RedisConnections connections;

	private final AtomicLong clock = new AtomicLong();

	/**
	 * Creates an inspector.
	 * @param connections the broker connections
	 */
	public CeleryInspector(RedisConnections connections) {
		this.connections = connections;
	}

	/**
	 * Pings every worker.
	 * @param timeout how long to collect replies
	 * @return worker name to its answer ({@code pong})
	 */
	public Map<String, String> ping(Duration timeout) {
		Map<String, String> pongs = new LinkedHashMap<>();
		broadcast("ping", null, null, timeout).forEach((worker, reply) -> pongs.put(worker, reply.path("ok").asString()));
		return pongs;
	}

	/**
	 * The tasks each worker registered, without Celery's {@code " [rate_limit=...]"}
	 * suffixes.
	 * @param timeout how long to collect replies
	 * @return worker name to task names
	 */
	public Map<String, List<String>> registered(Duration timeout) {
		Map<String, List<String>> registered = new LinkedHashMap<>();
		broadcast("registered", WireJson.NODES.objectNode().set("taskinfoitems", WireJson.NODES.arrayNode()), null,
				timeout)
			.forEach((worker, reply) -> {
				List<String> names = new ArrayList<>();
				reply.forEach((name) -> {
					String text = name.asString();
					int info = text.indexOf(" [");
					names.add((info < 0) ? text : text.substring(0, info));
				});
				registered.put(worker, names);
			});
		return registered;
	}

	/**
	 * The queues each worker consumes.
	 * @param timeout how long to collect replies
	 * @return worker name to queues
	 */
	public Map<String, List<QueueInfo>> activeQueues(Duration timeout) {
		Map<String, List<QueueInfo>> queues = new LinkedHashMap<>();
		broadcast("active_queues", null, null, timeout).forEach((worker, reply) -> {
			List<QueueInfo> list = new ArrayList<>();
			reply.forEach((queue) -> list.add(new QueueInfo(queue.path("name").asString(),
					queue.path("exchange").path("name").asString(""), queue.path("routing_key").asString(""))));
			queues.put(worker, list);
		});
		return queues;
	}

	/**
	 * Each worker's statistics, as Celery reports them ({@code total}, {@code pid},
	 * {@code pool}, {@code broker}, {@code prefetch_count}, {@code rusage}, ...).
	 * @param timeout how long to collect replies
	 * @return worker name to its statistics
	 */
	@SuppressWarnings("unchecked")
	public Map<String, Map<String, Object>> stats(Duration timeout) {
		Map<String, Map<String, Object>> stats = new LinkedHashMap<>();
		broadcast("stats", null, null, timeout)
			.forEach((worker, reply) -> stats.put(worker, WireJson.MAPPER.convertValue(reply, Map.class)));
		return stats;
	}

	/**
	 * Which live workers serve which task, and from which queues.
	 * @param timeout how long to collect each kind of reply
	 * @return the catalog
	 */
	public TaskCatalog catalog(Duration timeout) {
		return TaskCatalog.of(registered(timeout), activeQueues(timeout));
	}

	/**
	 * Revokes tasks on every worker (Java and Python): queued ones are discarded when they
	 * arrive, and with {@code terminate} running ones are interrupted. Java workers also keep
	 * the ids in Redis, so that workers started later discard them too.
	 * @param terminate whether to interrupt the tasks if they run
	 * @param taskIds the task ids
	 */
	public void revoke(boolean terminate, String... taskIds) {
		ObjectNode arguments = WireJson.NODES.objectNode();
		ArrayNode ids = arguments.putArray("task_id");
		for (String id : taskIds) {
			ids.add(id);
		}
		arguments.put("terminate", terminate);
		arguments.put("signal", "SIGTERM");
		this.connections.broker().sync().publish(PidboxRequests.channel(this.connections.brokerDatabase()),
				PidboxRequests.request("revoke", arguments, null, null, null, Duration.ZERO, this.clock.incrementAndGet()));
	}

	/**
	 * Sends any remote control command and collects the raw replies.
	 * @param method the command, for example {@code ping}
	 * @param arguments its arguments, or {@code null}
	 * @param destination the workers to ask, or {@code null} for all
	 * @param timeout how long to collect replies
	 * @return worker name to reply
	 */
	public Map<String, JsonNode> broadcast(String method, @Nullable ObjectNode arguments,
			@Nullable List<String> destination, Duration timeout) {
		String oid = UUID.randomUUID().toString();
		String replyQueue = oid + "." + REPLY_EXCHANGE;
		String binding = RedisKeys.bindingMember(oid, "", replyQueue);
		String ticket = UUID.randomUUID().toString();
		StatefulRedisConnection<String, String> connection = this.connections.newBrokerConnection();
		Map<String, JsonNode> replies = new LinkedHashMap<>();
		try {
			var sync = connection.sync();
			// The reply binding must exist before any worker answers, or the reply is dropped.
			sync.sadd(RedisKeys.bindingKey(REPLY_EXCHANGE), binding);
			sync.publish(PidboxRequests.channel(this.connections.brokerDatabase()), PidboxRequests.request(method,
					arguments, destination, ticket, oid, timeout, this.clock.incrementAndGet()));
			long deadline = System.nanoTime() + timeout.toNanos();
			String[] keys = RedisKeys.queueKeys(replyQueue);
			while (System.nanoTime() < deadline
					&& (destination == null || replies.size() < destination.size())) {
				double wait = Math.max(0.01, (deadline - System.nanoTime()) / 1e9);
				KeyValue<String, String> reply = sync.brpop(wait, keys);
				if (reply != null && reply.hasValue()) {
					collect(reply.getValue(), ticket, replies);
				}
			}
			sync.srem(RedisKeys.bindingKey(REPLY_EXCHANGE), binding);
			sync.del(keys);
		}
		finally {
			connection.close();
		}
		return replies;
	}

	private void collect(String raw, String ticket, Map<String, JsonNode> replies) {
		Envelope envelope = Envelope.parse(raw);
		if (!ticket.equals(WireJson.text(envelope.headers(), "ticket"))) {
			return;
		}
		JsonNode body = WireJson.MAPPER.readTree(envelope.bodyBytes());
		body.forEachEntry(replies::put);
	}

}
