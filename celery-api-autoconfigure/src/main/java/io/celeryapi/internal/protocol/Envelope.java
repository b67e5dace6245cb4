package io.celeryapi.internal.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.jspecify.annotations.Nullable;

/**
 * kombu's message envelope as it lies in a Redis list: body, content type and encoding,
 * application headers and transport properties.
 *
 * @param raw the envelope exactly as received (kept for unacked bookkeeping and dead
 * letters)
 * @param root the parsed envelope
 * @param headers the application headers (empty when absent)
 * @param properties the transport properties (empty when absent)
 */
public record Envelope(String raw, ObjectNode root, ObjectNode headers, ObjectNode properties) {

	/**
	 * Parses an envelope.
	 * @param raw the JSON text
	 * @return the envelope
	 * @throws MalformedMessageException when the text is not a JSON object
	 */
	public static Envelope parse(String raw) {
		JsonNode root;
		try {
			root = WireJson.MAPPER.readTree(raw);
		}
		catch (JacksonException ex) {
			throw new MalformedMessageException("message is not valid JSON: " + ex.getOriginalMessage(), null, null,
					"DecodeError");
		}
		if (!(root instanceof ObjectNode object)) {
			throw new MalformedMessageException("message is not a JSON object", null, null, "DecodeError");
		}
		JsonNode headers = object.get("headers");
		JsonNode properties = object.get("properties");
		return new Envelope(raw, object, (headers instanceof ObjectNode h) ? h : WireJson.NODES.objectNode(),
				(properties instanceof ObjectNode p) ? p : WireJson.NODES.objectNode());
	}

	/**
	 * The delivery tag, kombu's per-publish ack key.
	 * @return the tag or {@code null} when missing
	 */
	public @Nullable String deliveryTag() {
		return WireJson.text(this.properties, "delivery_tag");
	}

	/**
	 * The exchange from {@code delivery_info}.
	 * @return the exchange, {@code ""} for the default exchange
	 */
	public String exchange() {
		String exchange = WireJson.text(this.properties.get("delivery_info"), "exchange");
		return (exchange != null) ? exchange : "";
	}

	/**
	 * The routing key from {@code delivery_info}.
	 * @return the routing key or {@code null}
	 */
	public @Nullable String routingKey() {
		return WireJson.text(this.properties.get("delivery_info"), "routing_key");
	}

	/**
	 * The message priority, clamped as kombu does.
	 * @return 0-9
	 */
	public int priority() {
		JsonNode priority = this.properties.get("priority");
		if (priority == null || !priority.isNumber()) {
			return 0;
		}
		return Math.max(0, Math.min(9, priority.asInt()));
	}

	/**
	 * The content type of the body.
	 * @return the content type or {@code null}
	 */
	public @Nullable String contentType() {
		return WireJson.text(this.root, "content-type");
	}

	/**
	 * The task id this envelope carries, from the headers (protocol 2) or the correlation
	 * id.
	 * @return the id or {@code null}
	 */
	public @Nullable String taskId() {
		String id = WireJson.text(this.headers, "id");
		return (id != null) ? id : WireJson.text(this.properties, "correlation_id");
	}

	/**
	 * The task name from the headers (protocol 2).
	 * @return the name or {@code null}
	 */
	public @Nullable String taskName() {
		return WireJson.text(this.headers, "task");
	}

	/**
	 * The payload bytes: base64-decoded when so encoded, and decompressed.
	 * @return the payload
	 * @throws MalformedMessageException when the body cannot be decoded
	 */
	public byte[] bodyBytes() {
		JsonNode body = this.root.get("body");
		if (body == null || !body.isString()) {
			throw malformed("message has no body");
		}
		byte[] bytes;
		if ("base64".equals(WireJson.text(this.properties, "body_encoding"))) {
			try {
				bytes = Base64.getMimeDecoder().decode(body.stringValue());
			}
			catch (IllegalArgumentException ex) {
				throw malformed("body is not valid base64: " + ex.getMessage());
			}
		}
		else {
			bytes = body.stringValue().getBytes(StandardCharsets.UTF_8);
		}
		String compression = WireJson.text(this.headers, "compression");
		return (compression != null) ? Compression.decompress(compression, bytes, this) : bytes;
	}

	/**
	 * The problem of an envelope without delivery tag.
	 * @return the exception to reject it with
	 */
	public MalformedMessageException malformedNoTag() {
		return malformed("properties.delivery_tag is missing");
	}

	MalformedMessageException malformed(String message) {
		return new MalformedMessageException(message, taskId(), taskName(), "DecodeError");
	}

}
