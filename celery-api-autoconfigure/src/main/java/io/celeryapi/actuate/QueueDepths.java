package io.celeryapi.actuate;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import io.celeryapi.internal.protocol.WireJson;
import io.celeryapi.internal.redis.RedisBroker;
import io.celeryapi.internal.redis.RedisKeys;

import org.jspecify.annotations.Nullable;

/**
 * Reads how many messages wait in, are held from, and were rejected from queues.
 */
final class QueueDepths {

	private final RedisBroker broker;

	private final String deadLetterKey;

	QueueDepths(RedisBroker broker, String deadLetterKey) {
		this.broker = broker;
		this.deadLetterKey = deadLetterKey;
	}

	/**
	 * Reads the depth of some queues: one {@code LLEN} per priority list, one
	 * {@code HGETALL} of the unacked hash and one {@code LRANGE} of the dead-letter list
	 * for all of them.
	 * @param queues the queues
	 * @return queue name to its depth, in the given order
	 */
	Map<String, Depth> read(Collection<String> queues) {
		Map<String, Depth> depths = new LinkedHashMap<>();
		if (queues.isEmpty()) {
			return depths;
		}
		Map<String, Long> unacked = unackedByQueue();
		Map<String, Long> deadLettered = deadLetteredByQueue();
		for (String queue : queues) {
			depths.put(queue, new Depth(this.broker.depth(queue), unacked.getOrDefault(queue, 0L),
					deadLettered.getOrDefault(queue, 0L)));
		}
		return depths;
	}

	/**
	 * Counts unacknowledged messages by the routing key of their stored
	 * {@code [envelope, exchange, routing_key]} triple.
	 */
	private Map<String, Long> unackedByQueue() {
		Map<String, String> unacked = this.broker.connections().broker().sync().hgetall(RedisKeys.UNACKED);
		Map<String, Long> counts = new HashMap<>();
		for (String stored : unacked.values()) {
			String routingKey = routingKey(stored);
			if (routingKey != null) {
				counts.merge(routingKey, 1L, Long::sum);
			}
		}
		return counts;
	}

	private static @Nullable String routingKey(String stored) {
		try {
			JsonNode triple = WireJson.MAPPER.readTree(stored);
			JsonNode routingKey = triple.path(2);
			return (routingKey.isString()) ? routingKey.asString() : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private Map<String, Long> deadLetteredByQueue() {
		List<String> entries = this.broker.deadLetters(this.deadLetterKey);
		Map<String, Long> counts = new HashMap<>();
		for (String entry : entries) {
			try {
				JsonNode queue = WireJson.MAPPER.readTree(entry).path("queue");
				if (queue.isString()) {
					counts.merge(queue.asString(), 1L, Long::sum);
				}
			}
			catch (RuntimeException ex) {
				// not an entry this library wrote
			}
		}
		return counts;
	}

	/**
	 * The depth of one queue.
	 *
	 * @param ready messages waiting, by priority list (0, 3, 6, 9)
	 * @param unacked messages taken by a worker and not yet acknowledged
	 * @param deadLettered rejected messages kept in the dead-letter list
	 */
	record Depth(Map<Integer, Long> ready, long unacked, long deadLettered) {

		long readyTotal() {
			return this.ready.values().stream().mapToLong(Long::longValue).sum();
		}

	}

}
