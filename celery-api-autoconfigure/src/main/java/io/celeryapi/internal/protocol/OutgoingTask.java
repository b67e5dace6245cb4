package io.celeryapi.internal.protocol;

import java.time.Instant;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.jspecify.annotations.Nullable;

/**
 * Everything a task message needs before it is encoded.
 *
 * @param id the task id
 * @param name the task name
 * @param args positional arguments
 * @param kwargs keyword arguments
 * @param callbacks link signatures, or {@code null}
 * @param errbacks link_error signatures, or {@code null}
 * @param chain remaining chain (last element next), or {@code null}
 * @param chord chord body, or {@code null}
 * @param eta earliest run time
 * @param expires expiry time
 * @param retries retry count
 * @param timeLimit hard limit in seconds
 * @param softTimeLimit soft limit in seconds
 * @param rootId workflow root id
 * @param parentId parent task id
 * @param group group id
 * @param groupIndex index in a chord header
 * @param ignoreResult whether the worker stores no result
 * @param shadow display name
 * @param extraHeaders custom headers, merged at top level
 * @param priority message priority
 * @param exchange exchange name, {@code ""} for the default exchange
 * @param routingKey routing key (the queue for the default exchange)
 * @param origin the sender's node name
 */
public record OutgoingTask(String id, String name, ArrayNode args, ObjectNode kwargs, @Nullable JsonNode callbacks,
		@Nullable JsonNode errbacks, @Nullable JsonNode chain, @Nullable JsonNode chord, @Nullable Instant eta,
		@Nullable Instant expires, int retries, @Nullable Double timeLimit, @Nullable Double softTimeLimit,
		String rootId, @Nullable String parentId, @Nullable String group, @Nullable Integer groupIndex,
		boolean ignoreResult, @Nullable String shadow, @Nullable ObjectNode extraHeaders, int priority,
		String exchange, String routingKey, String origin) {
}
