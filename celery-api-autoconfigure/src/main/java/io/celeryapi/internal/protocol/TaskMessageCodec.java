package io.celeryapi.internal.protocol;

import java.time.format.DateTimeParseException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.jspecify.annotations.Nullable;

/**
 * Encodes and decodes Celery task messages: protocol 2 inside kombu's envelope, and
 * protocol 1 on the way in.
 */
public final class TaskMessageCodec {

	/** The only content type the worker accepts, as Celery's default {@code accept_content}. */
	public static final String JSON = "application/json";

	private static final int REPR_LIMIT = 1024;

	private static final String NO_EMBED = "{\"callbacks\":null,\"errbacks\":null,\"chain\":null,\"chord\":null}";

	private TaskMessageCodec() {
	}

	/**
	 * Decodes a task from its envelope.
	 * @param envelope the envelope
	 * @return the task message
	 * @throws MalformedMessageException when it is no valid task message
	 */
	public static TaskMessage decode(Envelope envelope) {
		String contentType = envelope.contentType();
		if (contentType == null) {
			throw envelope.malformed("message has no content-type");
		}
		if (!JSON.equals(contentType)) {
			throw new MalformedMessageException("refusing content-type " + contentType + " (only " + JSON
					+ " is accepted)", envelope.taskId(), envelope.taskName(), "ContentDisallowed");
		}
		JsonNode body;
		try {
			body = WireJson.MAPPER.readTree(envelope.bodyBytes());
		}
		catch (JacksonException ex) {
			throw envelope.malformed("body is not valid JSON: " + ex.getOriginalMessage());
		}
		try {
			return (envelope.taskName() != null) ? decodeV2(envelope, body) : decodeV1(envelope, body);
		}
		catch (MalformedMessageException ex) {
			if (ex.getTaskId() == null && envelope.taskId() != null) {
				throw new MalformedMessageException(ex.getMessage(), envelope.taskId(), envelope.taskName(),
						ex.getExcType());
			}
			throw ex;
		}
		catch (DateTimeParseException ex) {
			throw envelope.malformed("invalid time: " + ex.getParsedString());
		}
	}

	private static TaskMessage decodeV2(Envelope envelope, JsonNode body) {
		ObjectNode headers = envelope.headers();
		String id = WireJson.text(headers, "id");
		String task = WireJson.text(headers, "task");
		if (id == null || task == null) {
			throw envelope.malformed("headers must carry task and id");
		}
		if (!body.isArray() || body.size() != 3) {
			throw envelope.malformed("body must be [args, kwargs, embed], got "
					+ (body.isArray() ? "an array of " + body.size() : body.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
		}
		ArrayNode args = argsOf(envelope, body.get(0));
		ObjectNode kwargs = kwargsOf(envelope, body.get(1));
		JsonNode embed = body.get(2);
		if (!WireJson.isNull(embed) && !embed.isObject()) {
			throw envelope.malformed("embed must be an object");
		}
		JsonNode timelimit = headers.get("timelimit");
		return new TaskMessage(id, task, args, kwargs, arrayOrNull(embed, "callbacks"), arrayOrNull(embed, "errbacks"),
				arrayOrNull(embed, "chain"), objectOrNull(embed, "chord"),
				CeleryTimes.parseNullable(WireJson.text(headers, "eta")),
				CeleryTimes.parseNullable(WireJson.text(headers, "expires")), intOf(headers.get("retries")),
				WireJson.text(headers, "root_id"), WireJson.text(headers, "parent_id"),
				WireJson.text(headers, "group"), integerOrNull(headers.get("group_index")), limit(timelimit, 0),
				limit(timelimit, 1), headers.path("ignore_result").asBoolean(false), headers, 2);
	}

	private static TaskMessage decodeV1(Envelope envelope, JsonNode body) {
		if (!body.isObject()) {
			throw envelope.malformed("protocol 1 body must be an object");
		}
		String id = WireJson.text(body, "id");
		String task = WireJson.text(body, "task");
		if (id == null || task == null) {
			throw envelope.malformed("protocol 1 body must carry task and id");
		}
		ArrayNode args = argsOf(envelope, body.get("args"));
		ObjectNode kwargs = kwargsOf(envelope, body.get("kwargs"));
		JsonNode timelimit = body.get("timelimit");
		JsonNode chord = body.get("chord");
		return new TaskMessage(id, task, args, kwargs, arrayOrNull(body, "callbacks"), arrayOrNull(body, "errbacks"),
				null, (chord instanceof ObjectNode c) ? c : null, CeleryTimes.parseNullable(WireJson.text(body, "eta")),
				CeleryTimes.parseNullable(WireJson.text(body, "expires")), intOf(body.get("retries")), id, null,
				WireJson.text(body, "taskset"), null, limit(timelimit, 0), limit(timelimit, 1), false,
				envelope.headers(), 1);
	}

	private static ArrayNode argsOf(Envelope envelope, @Nullable JsonNode args) {
		if (WireJson.isNull(args)) {
			return WireJson.NODES.arrayNode();
		}
		if (!(args instanceof ArrayNode array)) {
			throw envelope.malformed("args must be a list");
		}
		return (ArrayNode) KombuMarkers.unwrap(array);
	}

	private static ObjectNode kwargsOf(Envelope envelope, @Nullable JsonNode kwargs) {
		if (WireJson.isNull(kwargs)) {
			return WireJson.NODES.objectNode();
		}
		// A kwargs dict that is itself a kombu marker decodes to a non-mapping, as in kombu.
		JsonNode unwrapped = (kwargs instanceof ObjectNode object) ? KombuMarkers.unwrap(object) : kwargs;
		if (!(unwrapped instanceof ObjectNode mapping)) {
			throw new MalformedMessageException("kwargs must be a mapping, got " + unwrapped.getNodeType(),
					envelope.taskId(), envelope.taskName(), "TypeError");
		}
		return mapping;
	}

	private static @Nullable ArrayNode arrayOrNull(@Nullable JsonNode parent, String field) {
		JsonNode value = (parent != null) ? parent.get(field) : null;
		return (value instanceof ArrayNode array) ? array : null;
	}

	private static @Nullable ObjectNode objectOrNull(@Nullable JsonNode parent, String field) {
		JsonNode value = (parent != null) ? parent.get(field) : null;
		return (value instanceof ObjectNode object) ? object : null;
	}

	private static int intOf(@Nullable JsonNode node) {
		return (node != null && node.isNumber()) ? node.asInt() : 0;
	}

	private static @Nullable Integer integerOrNull(@Nullable JsonNode node) {
		return (node != null && node.isNumber()) ? node.asInt() : null;
	}

	private static @Nullable Double limit(@Nullable JsonNode timelimit, int index) {
		if (timelimit == null || !timelimit.isArray() || timelimit.size() <= index) {
			return null;
		}
		JsonNode value = timelimit.get(index);
		return (value.isNumber()) ? value.asDouble() : null;
	}

	/**
	 * Encodes a task as a protocol 2 envelope.
	 * @param task the task
	 * @return the envelope JSON
	 */
	public static String encode(OutgoingTask task) {
		return new String(encodeUtf8(task), StandardCharsets.UTF_8);
	}

	/**
	 * Encodes a task as a protocol 2 envelope, in UTF-8: what goes to Redis, with no
	 * string in between.
	 * @param task the task
	 * @return the envelope JSON in UTF-8
	 */
	public static byte[] encodeUtf8(OutgoingTask task) {
		// Streamed rather than built as a tree: this runs for every task a caller sends. The
		// arguments are serialized once, for the body and for their repr; the names are
		// encoded once, and the generator needs no data-binding context unless there are
		// extra headers (trees) to write.
		String args = task.args().toString();
		String kwargs = task.kwargs().isEmpty() ? "{}" : task.kwargs().toString();
		ExactBytesOutput out = new ExactBytesOutput();
		try (JsonGenerator json = (task.extraHeaders() != null) ? WireJson.MAPPER.createGenerator(out)
				: WireJson.MAPPER.tokenStreamFactory().createGenerator(ObjectWriteContext.empty(), out)) {
			json.writeStartObject();
			json.writeName(Names.BODY);
			json.writeBinary(body(task, args, kwargs));
			json.writeName(Names.CONTENT_ENCODING);
			json.writeString(Names.UTF_8);
			json.writeName(Names.CONTENT_TYPE);
			json.writeString(Names.JSON);
			json.writeName(Names.HEADERS);
			writeHeaders(json, task, args, kwargs);
			json.writeName(Names.PROPERTIES);
			json.writeStartObject();
			json.writeName(Names.CORRELATION_ID);
			json.writeString(task.id());
			json.writeName(Names.REPLY_TO);
			json.writeString(Names.EMPTY);
			json.writeName(Names.DELIVERY_MODE);
			json.writeNumber(2);
			json.writeName(Names.DELIVERY_INFO);
			json.writeStartObject();
			json.writeName(Names.EXCHANGE);
			json.writeString(task.exchange());
			json.writeName(Names.ROUTING_KEY);
			json.writeString(task.routingKey());
			json.writeEndObject();
			json.writeName(Names.PRIORITY);
			json.writeNumber(task.priority());
			json.writeName(Names.BODY_ENCODING);
			json.writeString(Names.BASE64);
			json.writeName(Names.DELIVERY_TAG);
			json.writeString(UUID.randomUUID().toString());
			json.writeEndObject();
			json.writeEndObject();
		}
		return out.toByteArray();
	}

	private static void writeHeaders(JsonGenerator json, OutgoingTask task, String args, String kwargs) {
		json.writeStartObject();
		json.writeName(Names.LANG);
		json.writeString(Names.JAVA);
		json.writeName(Names.TASK);
		json.writeString(task.name());
		json.writeName(Names.ID);
		json.writeString(task.id());
		json.writeName(Names.SHADOW);
		json.writeString(task.shadow());
		json.writeName(Names.ETA);
		json.writeString((task.eta() != null) ? CeleryTimes.formatWithOffset(task.eta()) : null);
		json.writeName(Names.EXPIRES);
		json.writeString((task.expires() != null) ? CeleryTimes.formatWithOffset(task.expires()) : null);
		json.writeName(Names.GROUP);
		json.writeString(task.group());
		json.writeName(Names.GROUP_INDEX);
		if (task.groupIndex() != null) {
			json.writeNumber(task.groupIndex());
		}
		else {
			json.writeNull();
		}
		json.writeName(Names.RETRIES);
		json.writeNumber(task.retries());
		json.writeName(Names.TIMELIMIT);
		json.writeStartArray();
		writeNumberOrNull(json, task.timeLimit());
		writeNumberOrNull(json, task.softTimeLimit());
		json.writeEndArray();
		json.writeName(Names.ROOT_ID);
		json.writeString(task.rootId());
		json.writeName(Names.PARENT_ID);
		json.writeString(task.parentId());
		json.writeName(Names.ARGSREPR);
		json.writeString(repr(args, '(', ')'));
		json.writeName(Names.KWARGSREPR);
		json.writeString(repr(kwargs, '{', '}'));
		json.writeName(Names.ORIGIN);
		json.writeString(task.origin());
		json.writeName(Names.IGNORE_RESULT);
		json.writeBoolean(task.ignoreResult());
		if (task.extraHeaders() != null) {
			for (Map.Entry<String, JsonNode> header : task.extraHeaders().properties()) {
				json.writeName(header.getKey());
				json.writeTree(header.getValue());
			}
		}
		json.writeEndObject();
	}

	/** {@code [args, kwargs, embed]}, compact, from the arguments already serialized. */
	private static byte[] body(OutgoingTask task, String args, String kwargs) {
		String embed = NO_EMBED;
		if (task.callbacks() != null || task.errbacks() != null || task.chain() != null || task.chord() != null) {
			ObjectNode node = WireJson.NODES.objectNode();
			node.set("callbacks", task.callbacks());
			node.set("errbacks", task.errbacks());
			node.set("chain", task.chain());
			node.set("chord", task.chord());
			embed = node.toString();
		}
		return ("[" + args + "," + kwargs + "," + embed + "]").getBytes(StandardCharsets.UTF_8);
	}

	private static void writeNumberOrNull(JsonGenerator json, @Nullable Double value) {
		if (value != null) {
			json.writeNumber(value);
		}
		else {
			json.writeNull();
		}
	}

	/**
	 * Re-encodes a received envelope as kombu does when it restores an unacked message:
	 * the same message with {@code redelivered} set in headers and delivery info.
	 * @param raw the envelope as received
	 * @return the envelope to push back
	 */
	public static String markRedelivered(String raw) {
		JsonNode root = WireJson.MAPPER.readTree(raw);
		if (!(root instanceof ObjectNode envelope)) {
			return raw;
		}
		if (envelope.get("headers") instanceof ObjectNode headers) {
			headers.put("redelivered", true);
		}
		if (envelope.get("properties") instanceof ObjectNode properties
				&& properties.get("delivery_info") instanceof ObjectNode deliveryInfo) {
			deliveryInfo.put("redelivered", true);
		}
		return WireJson.MAPPER.writeValueAsString(envelope);
	}

	/**
	 * Builds a readable repr for {@code argsrepr}/{@code kwargsrepr}, shortened as Celery
	 * does.
	 */
	private static String repr(String json, char open, char close) {
		String inner = json.substring(1, json.length() - 1);
		String text = open + inner + close;
		return (text.length() > REPR_LIMIT) ? text.substring(0, REPR_LIMIT - 3) + "..." : text;
	}

	/** Property names and constant values, encoded once rather than for every message. */
	private static final class Names {

		static final SerializableString BODY = new SerializedString("body");

		static final SerializableString CONTENT_ENCODING = new SerializedString("content-encoding");

		static final SerializableString CONTENT_TYPE = new SerializedString("content-type");

		static final SerializableString HEADERS = new SerializedString("headers");

		static final SerializableString PROPERTIES = new SerializedString("properties");

		static final SerializableString CORRELATION_ID = new SerializedString("correlation_id");

		static final SerializableString REPLY_TO = new SerializedString("reply_to");

		static final SerializableString DELIVERY_MODE = new SerializedString("delivery_mode");

		static final SerializableString DELIVERY_INFO = new SerializedString("delivery_info");

		static final SerializableString EXCHANGE = new SerializedString("exchange");

		static final SerializableString ROUTING_KEY = new SerializedString("routing_key");

		static final SerializableString PRIORITY = new SerializedString("priority");

		static final SerializableString BODY_ENCODING = new SerializedString("body_encoding");

		static final SerializableString DELIVERY_TAG = new SerializedString("delivery_tag");

		static final SerializableString LANG = new SerializedString("lang");

		static final SerializableString TASK = new SerializedString("task");

		static final SerializableString ID = new SerializedString("id");

		static final SerializableString SHADOW = new SerializedString("shadow");

		static final SerializableString ETA = new SerializedString("eta");

		static final SerializableString EXPIRES = new SerializedString("expires");

		static final SerializableString GROUP = new SerializedString("group");

		static final SerializableString GROUP_INDEX = new SerializedString("group_index");

		static final SerializableString RETRIES = new SerializedString("retries");

		static final SerializableString TIMELIMIT = new SerializedString("timelimit");

		static final SerializableString ROOT_ID = new SerializedString("root_id");

		static final SerializableString PARENT_ID = new SerializedString("parent_id");

		static final SerializableString ARGSREPR = new SerializedString("argsrepr");

		static final SerializableString KWARGSREPR = new SerializedString("kwargsrepr");

		static final SerializableString ORIGIN = new SerializedString("origin");

		static final SerializableString IGNORE_RESULT = new SerializedString("ignore_result");

		static final SerializableString UTF_8 = new SerializedString("utf-8");

		static final SerializableString JSON = new SerializedString(TaskMessageCodec.JSON);

		static final SerializableString EMPTY = new SerializedString("");

		static final SerializableString BASE64 = new SerializedString("base64");

		static final SerializableString JAVA = new SerializedString("java");

		private Names() {
		}

	}

}
