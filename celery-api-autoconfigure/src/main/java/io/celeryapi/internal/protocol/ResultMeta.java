package io.celeryapi.internal.protocol;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.celeryapi.core.CeleryRemoteException;
import io.celeryapi.core.TaskState;

import org.jspecify.annotations.Nullable;

/**
 * A task's state as Celery's Redis result backend stores it under
 * {@code celery-task-meta-<id>}.
 *
 * @param taskId the task id
 * @param state the state
 * @param result the result, or the exception dict for exception states
 * @param traceback the traceback text
 * @param json the stored JSON
 */
public record ResultMeta(String taskId, TaskState state, @Nullable JsonNode result, @Nullable String traceback,
		String json) {

	/**
	 * Parses stored result JSON.
	 * @param taskId the task id the key belongs to
	 * @param json the JSON text
	 * @return the meta
	 */
	public static ResultMeta parse(String taskId, String json) {
		try {
			JsonNode node = WireJson.MAPPER.readTree(json);
			return new ResultMeta(taskId, TaskState.of(WireJson.text(node, "status")), node.get("result"),
					WireJson.text(node, "traceback"), json);
		}
		catch (JacksonException ex) {
			ObjectNode garbage = WireJson.NODES.objectNode();
			garbage.put("exc_type", "DecodeError");
			garbage.put("exc_module", "celery-api");
			garbage.putArray("exc_message").add("stored result is not valid JSON: " + ex.getOriginalMessage());
			return new ResultMeta(taskId, TaskState.FAILURE, garbage, null, json);
		}
	}

	/**
	 * The stored failure as an exception.
	 * @return the remote exception
	 */
	public CeleryRemoteException toException() {
		JsonNode exc = this.result;
		if (exc == null || !exc.isObject() || !exc.has("exc_type")) {
			return new CeleryRemoteException(this.taskId, this.state, "ValueError", "builtins",
					List.of("unrecognised exception: " + exc), this.traceback);
		}
		List<Object> args = new ArrayList<>();
		JsonNode message = exc.get("exc_message");
		if (message != null && message.isArray()) {
			message.forEach((arg) -> args.add(arg.isString() ? arg.stringValue() : arg.toString()));
		}
		else if (message != null && !message.isNull()) {
			args.add(message.isString() ? message.stringValue() : message.toString());
		}
		return new CeleryRemoteException(this.taskId, this.state, exc.get("exc_type").asString(),
				WireJson.text(exc, "exc_module"), args, this.traceback);
	}

	/**
	 * Builds the JSON Celery stores for a state.
	 * @param state the state
	 * @param result the result value or exception dict
	 * @param traceback the traceback, or {@code null}
	 * @param taskId the task id
	 * @param groupId the group id, or {@code null}
	 * @param parentId the parent id, or {@code null}
	 * @param children result tuples of tasks this one sent, or {@code null}
	 * @param extended extended fields ({@code name, args, kwargs, worker, retries, queue}),
	 * or {@code null}
	 * @param now the completion time
	 * @return the JSON text
	 */
	public static String encode(TaskState state, @Nullable JsonNode result, @Nullable String traceback, String taskId,
			@Nullable String groupId, @Nullable String parentId, @Nullable ArrayNode children,
			@Nullable ObjectNode extended, Instant now) {
		ObjectNode meta = WireJson.NODES.objectNode();
		meta.put("status", state.name());
		meta.set("result", result);
		meta.put("traceback", traceback);
		meta.set("children", (children != null) ? children : WireJson.NODES.arrayNode());
		meta.put("date_done", state.isReady() ? CeleryTimes.formatNaive(now) : null);
		if (groupId != null) {
			meta.put("group_id", groupId);
		}
		if (parentId != null) {
			meta.put("parent_id", parentId);
		}
		if (extended != null) {
			meta.setAll(extended);
		}
		meta.put("task_id", taskId);
		return WireJson.MAPPER.writeValueAsString(meta);
	}

	/**
	 * Celery's exception dict.
	 * @param type the exception type
	 * @param module the module (for Java: the package)
	 * @param message the message, as the single argument
	 * @return the dict
	 */
	public static ObjectNode exception(String type, @Nullable String module, @Nullable String message) {
		ObjectNode exc = WireJson.NODES.objectNode();
		exc.put("exc_type", type);
		ArrayNode args = exc.putArray("exc_message");
		if (message != null) {
			args.add(message);
		}
		exc.put("exc_module", module);
		return exc;
	}

}
