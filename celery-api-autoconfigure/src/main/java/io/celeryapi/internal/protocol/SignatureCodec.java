package io.celeryapi.internal.protocol;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
		if (options.get("headers") instanceof ObjectNode headers) {
			for (Map.Entry<String, JsonNode> header : headers.properties()) {
				builder.header(header.getKey(), header.getValue());
			}
		}
		return builder.build();
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
