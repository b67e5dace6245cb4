package io.celeryapi.internal.protocol;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.celeryapi.core.Signature;
import io.celeryapi.core.TaskOptions;

import org.jspecify.annotations.Nullable;

/**
 * Turns {@link Signature}s into Celery's signature dicts
 * ({@code task, args, kwargs, options, subtask_type, immutable}).
 */
public final class SignatureCodec {

	private static final TypeReference<List<Object>> LIST_TYPE = new TypeReference<>() {
	};

	private static final TypeReference<Map<String, Object>> MAP_TYPE = new TypeReference<>() {
	};

	private SignatureCodec() {
	}

	/**
	 * Encodes signatures as a JSON list, or {@code null} when there are none.
	 * @param signatures the signatures
	 * @param mapper converts arguments
	 * @return the list or {@code null}
	 */
	public static @Nullable ArrayNode toList(List<Signature<?>> signatures, JsonMapper mapper) {
		if (signatures.isEmpty()) {
			return null;
		}
		ArrayNode list = WireJson.NODES.arrayNode(signatures.size());
		for (Signature<?> signature : signatures) {
			list.add(toDict(signature, mapper));
		}
		return list;
	}

	/**
	 * Encodes one signature.
	 * @param signature the signature
	 * @param mapper converts arguments
	 * @return the dict
	 */
	public static ObjectNode toDict(Signature<?> signature, JsonMapper mapper) {
		ObjectNode dict = WireJson.NODES.objectNode();
		dict.put("task", signature.getTask());
		dict.set("args", mapper.valueToTree(signature.getArgs()));
		dict.set("kwargs", mapper.valueToTree(signature.getKwargs()));
		dict.set("options", options(signature.getOptions(), mapper));
		dict.putNull("subtask_type");
		dict.put("immutable", signature.isImmutable());
		return dict;
	}

	private static ObjectNode options(TaskOptions options, JsonMapper mapper) {
		ObjectNode dict = WireJson.NODES.objectNode();
		dict.put("task_id", (options.getTaskId() != null) ? options.getTaskId() : UUID.randomUUID().toString());
		putIfSet(dict, "queue", options.getQueue());
		putIfSet(dict, "exchange", options.getExchange());
		putIfSet(dict, "routing_key", options.getRoutingKey());
		if (options.getPriority() != null) {
			dict.put("priority", options.getPriority());
		}
		if (options.getCountdown() != null) {
			dict.put("countdown", seconds(options.getCountdown()));
		}
		if (options.getEta() != null) {
			dict.put("eta", CeleryTimes.formatWithOffset(options.getEta()));
		}
		if (options.getExpires() != null) {
			dict.put("expires", CeleryTimes.formatWithOffset(options.getExpires()));
		}
		else if (options.getExpiresIn() != null) {
			dict.put("expires", seconds(options.getExpiresIn()));
		}
		if (options.getIgnoreResult() != null) {
			dict.put("ignore_result", options.getIgnoreResult());
		}
		if (options.getTimeLimit() != null) {
			dict.put("time_limit", seconds(options.getTimeLimit()));
		}
		if (options.getSoftTimeLimit() != null) {
			dict.put("soft_time_limit", seconds(options.getSoftTimeLimit()));
		}
		putIfSet(dict, "shadow", options.getShadow());
		if (!options.getHeaders().isEmpty()) {
			dict.set("headers", mapper.valueToTree(options.getHeaders()));
		}
		JsonNode link = toList(options.getLink(), mapper);
		if (link != null) {
			dict.set("link", link);
		}
		JsonNode linkError = toList(options.getLinkError(), mapper);
		if (linkError != null) {
			dict.set("link_error", linkError);
		}
		return dict;
	}

	/**
	 * Reads a signature dict's {@code options} back as {@link TaskOptions} (the subset a
	 * worker honours when it sends the signature).
	 * @param options the options dict
	 * @return the options
	 * @throws IllegalArgumentException when a {@code link} or {@code link_error} is a
	 * nested canvas, which cannot be forwarded
	 */
	public static TaskOptions optionsOf(@Nullable JsonNode options) {
		TaskOptions.Builder builder = TaskOptions.builder();
		if (options == null || !options.isObject()) {
			return builder.build();
		}
		builder.taskId(WireJson.text(options, "task_id"));
		builder.queue(WireJson.text(options, "queue"));
		String exchange = WireJson.text(options, "exchange");
		if (exchange != null && !exchange.isEmpty()) {
			builder.exchange(exchange, WireJson.text(options, "routing_key"));
		}
		JsonNode priority = options.get("priority");
		if (priority != null && priority.isNumber()) {
			builder.priority(Math.max(0, Math.min(9, priority.asInt())));
		}
		JsonNode countdown = options.get("countdown");
		if (countdown != null && countdown.isNumber()) {
			builder.countdown(Duration.ofMillis((long) (countdown.asDouble() * 1000)));
		}
		String eta = WireJson.text(options, "eta");
		if (eta != null) {
			builder.eta(CeleryTimes.parse(eta));
		}
		JsonNode expires = options.get("expires");
		if (expires != null && expires.isNumber()) {
			builder.expiresIn(Duration.ofMillis((long) (expires.asDouble() * 1000)));
		}
		else if (expires != null && expires.isString()) {
			builder.expires(CeleryTimes.parse(expires.stringValue()));
		}
		JsonNode ignoreResult = options.get("ignore_result");
		if (ignoreResult != null && ignoreResult.isBoolean()) {
			builder.ignoreResult(ignoreResult.asBoolean());
		}
		JsonNode timeLimit = options.get("time_limit");
		if (timeLimit != null && timeLimit.isNumber()) {
			builder.timeLimit(Duration.ofMillis((long) (timeLimit.asDouble() * 1000)));
		}
		JsonNode softTimeLimit = options.get("soft_time_limit");
		if (softTimeLimit != null && softTimeLimit.isNumber()) {
			builder.softTimeLimit(Duration.ofMillis((long) (softTimeLimit.asDouble() * 1000)));
		}
		builder.shadow(WireJson.text(options, "shadow"));
		if (options.get("headers") instanceof ObjectNode headers) {
			for (Map.Entry<String, JsonNode> header : headers.properties()) {
				builder.header(header.getKey(), header.getValue());
			}
		}
		for (JsonNode link : listOf(options.get("link"))) {
			builder.link(signatureOf(link));
		}
		for (JsonNode linkError : listOf(options.get("link_error"))) {
			builder.linkError(signatureOf(linkError));
		}
		return builder.build();
	}

	/**
	 * Reads a signature dict back as a {@link Signature}, for example a callback's own
	 * {@code link}.
	 * @param dict the signature dict
	 * @return the signature
	 * @throws IllegalArgumentException when it is no plain task signature (a nested
	 * group, chain or chord cannot be forwarded)
	 */
	public static Signature<Object> signatureOf(JsonNode dict) {
		String task = WireJson.text(dict, "task");
		String subtaskType = WireJson.text(dict, "subtask_type");
		if (task == null || subtaskType != null) {
			throw new IllegalArgumentException("Cannot forward signature "
					+ ((subtaskType != null) ? "of a nested " + subtaskType : "without a task name") + ": " + dict);
		}
		List<Object> args = (dict.get("args") instanceof ArrayNode given)
				? WireJson.MAPPER.convertValue(given, LIST_TYPE) : List.of();
		Map<String, Object> kwargs = (dict.get("kwargs") instanceof ObjectNode given)
				? WireJson.MAPPER.convertValue(given, MAP_TYPE) : Map.of();
		Signature<Object> signature = Signature.of(task, args, kwargs, optionsOf(dict.get("options")));
		return dict.path("immutable").asBoolean(false) ? signature.immutable() : signature;
	}

	/** Celery stores {@code link} as one signature dict or as a list of them. */
	private static List<JsonNode> listOf(@Nullable JsonNode node) {
		if (node instanceof ArrayNode array) {
			List<JsonNode> list = new ArrayList<>(array.size());
			array.forEach(list::add);
			return list;
		}
		return (node instanceof ObjectNode) ? List.of(node) : List.of();
	}

	private static void putIfSet(ObjectNode dict, String key, @Nullable String value) {
		if (value != null) {
			dict.put(key, value);
		}
	}

	private static double seconds(Duration duration) {
		return duration.toMillis() / 1000.0;
	}

}
