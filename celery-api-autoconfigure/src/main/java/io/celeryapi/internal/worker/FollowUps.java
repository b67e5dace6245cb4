package io.celeryapi.internal.worker;

import java.time.Instant;
import java.util.UUID;

import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.celeryapi.core.TaskState;
import io.celeryapi.internal.TaskPublisher;
import io.celeryapi.internal.protocol.ResultMeta;
import io.celeryapi.internal.protocol.SignatureCodec;
import io.celeryapi.internal.protocol.WireJson;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Sends the signatures a finished task leaves behind (callbacks, errbacks, the next chain
 * step, a chord body), as a Celery worker does. Nested canvases that Python clients embed
 * are expanded: a chain sends its first task with the rest as its chain, a group sends
 * every member with a group id, a chord sends its header with the body to join on. Any
 * other kind fails loudly instead of being guessed at.
 */
final class FollowUps {

	private static final Log logger = LogFactory.getLog(FollowUps.class);

	private final TaskPublisher publisher;

	private final JavaType objectType;

	FollowUps(TaskPublisher publisher) {
		this.publisher = publisher;
		this.objectType = publisher.mapper().constructType(Object.class);
	}

	/**
	 * Sends one signature.
	 * @param signature the signature dict
	 * @param firstArgument prepended to its args unless immutable
	 * @param rootId the workflow root
	 * @param parentId the task that sends it
	 * @param chain the rest of an enclosing chain, or {@code null}
	 * @return the result tuple for {@code children}, or a null node
	 */
	JsonNode send(JsonNode signature, JsonNode firstArgument, String rootId, String parentId,
			@Nullable ArrayNode chain) {
		return send(signature, firstArgument, new TaskPublisher.Parent(rootId, parentId, null, null, 0, chain, null));
	}

	private JsonNode send(JsonNode signature, JsonNode firstArgument, TaskPublisher.Parent placement) {
		String type = WireJson.text(signature, "subtask_type");
		if (type == null || type.isEmpty()) {
			return sendTask(signature, firstArgument, placement);
		}
		JsonNode kwargs = signature.path("kwargs");
		return switch (type) {
			case "chain" -> sendChain(kwargs.path("tasks"), firstArgument, placement);
			case "group" -> sendGroup(signature, kwargs.path("tasks"), firstArgument, placement, null);
			case "chord" -> sendChord(kwargs, firstArgument, placement);
			default -> refuse(signature, "cannot expand a canvas of type '" + type + "'");
		};
	}

	private JsonNode sendChain(JsonNode tasks, JsonNode firstArgument, TaskPublisher.Parent placement) {
		if (!tasks.isArray() || tasks.isEmpty()) {
			return WireJson.NODES.nullNode();
		}
		// The enclosing chain continues after this one: its steps go first (last element runs next).
		ArrayNode chain = WireJson.NODES.arrayNode();
		if (placement.chain() instanceof ArrayNode outer) {
			chain.addAll(outer);
		}
		for (int i = tasks.size() - 1; i > 0; i--) {
			chain.add(tasks.get(i));
		}
		return send(tasks.get(0), firstArgument, new TaskPublisher.Parent(placement.rootId(), placement.parentId(),
				placement.group(), placement.groupIndex(), 0, chain.isEmpty() ? null : chain, placement.chord()));
	}

	private JsonNode sendGroup(JsonNode group, JsonNode tasks, JsonNode firstArgument, TaskPublisher.Parent placement,
			@Nullable JsonNode chordBody) {
		if (!tasks.isArray() || tasks.isEmpty()) {
			return WireJson.NODES.nullNode();
		}
		String groupId = groupId(group);
		ArrayNode members = WireJson.NODES.arrayNode();
		for (int i = 0; i < tasks.size(); i++) {
			if (chordBody != null && i == tasks.size() - 1) {
				// The size must exist before the last header task can finish.
				this.publisher.setChordSize(groupId, tasks.size());
			}
			members.add(send(tasks.get(i), firstArgument, new TaskPublisher.Parent(placement.rootId(),
					placement.parentId(), groupId, i, 0, null, chordBody)));
		}
		ArrayNode tuple = WireJson.NODES.arrayNode();
		tuple.addArray().add(groupId).addNull();
		tuple.add(members);
		return tuple;
	}

	private JsonNode sendChord(JsonNode kwargs, JsonNode firstArgument, TaskPublisher.Parent placement) {
		JsonNode header = kwargs.path("header");
		JsonNode body = kwargs.path("body");
		if (!body.isObject()) {
			return refuse(kwargs, "chord without a body");
		}
		if (placement.chain() != null && !placement.chain().isEmpty()) {
			logger.warn("Steps after a chord in a chain are not sent: " + placement.chain());
		}
		JsonNode tasks = header.isArray() ? header : header.path("kwargs").path("tasks");
		return sendGroup(header, tasks, firstArgument, placement, body);
	}

	private static String groupId(JsonNode group) {
		String id = WireJson.text(group.path("options"), "group_id");
		if (id == null) {
			id = WireJson.text(group.path("options"), "task_id");
		}
		return (id != null) ? id : UUID.randomUUID().toString();
	}

	private JsonNode sendTask(JsonNode signature, JsonNode firstArgument, TaskPublisher.Parent placement) {
		String task = WireJson.text(signature, "task");
		if (task == null) {
			logger.error("Ignoring a follow-up signature without a task name: " + signature);
			return WireJson.NODES.nullNode();
		}
		ArrayNode args = WireJson.NODES.arrayNode();
		if (!signature.path("immutable").asBoolean(false)) {
			args.add(firstArgument);
		}
		if (signature.get("args") instanceof ArrayNode given) {
			args.addAll(given);
		}
		ObjectNode kwargs = (signature.get("kwargs") instanceof ObjectNode given) ? given.deepCopy()
				: WireJson.NODES.objectNode();
		var options = SignatureCodec.optionsOf(signature.get("options"));
		var sent = this.publisher.publish(task, args, kwargs, options, this.objectType, placement, false);
		ArrayNode tuple = WireJson.NODES.arrayNode();
		tuple.addArray().add(sent.id()).addNull();
		tuple.addNull();
		return tuple;
	}

	private JsonNode refuse(JsonNode signature, String reason) {
		String id = WireJson.text(signature.path("options"), "task_id");
		logger.error("Not sending follow-up " + signature + ": " + reason);
		if (id != null) {
			this.publisher.backend()
				.store(id, ResultMeta.encode(TaskState.FAILURE,
						ResultMeta.exception("NotImplementedError", "builtins", reason), null, id, null, null, null,
						null, Instant.now()));
		}
		return WireJson.NODES.nullNode();
	}

}
