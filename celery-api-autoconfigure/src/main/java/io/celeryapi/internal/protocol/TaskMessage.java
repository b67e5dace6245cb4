package io.celeryapi.internal.protocol;

import java.time.Instant;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.jspecify.annotations.Nullable;

/**
 * A decoded task message, protocol 1 or 2.
 *
 * @param id the task id
 * @param task the task name
 * @param args positional arguments
 * @param kwargs keyword arguments
 * @param callbacks signatures to send on success, or {@code null}
 * @param errbacks signatures to send on failure, or {@code null}
 * @param chain remaining chain, last element next, or {@code null}
 * @param chord chord body signature, or {@code null}
 * @param eta earliest run time, or {@code null}
 * @param expires expiry time, or {@code null}
 * @param retries retry count
 * @param rootId workflow root id
 * @param parentId parent task id
 * @param group group id
 * @param groupIndex position in a chord header
 * @param timeLimit hard time limit in seconds
 * @param softTimeLimit soft time limit in seconds
 * @param ignoreResult whether to store no result
 * @param headers all application headers
 * @param protocol 1 or 2
 */
public record TaskMessage(String id, String task, ArrayNode args, ObjectNode kwargs, @Nullable ArrayNode callbacks,
		@Nullable ArrayNode errbacks, @Nullable ArrayNode chain, @Nullable ObjectNode chord, @Nullable Instant eta,
		@Nullable Instant expires, int retries, @Nullable String rootId, @Nullable String parentId,
		@Nullable String group, @Nullable Integer groupIndex, @Nullable Double timeLimit,
		@Nullable Double softTimeLimit, boolean ignoreResult, ObjectNode headers, int protocol) {
}
