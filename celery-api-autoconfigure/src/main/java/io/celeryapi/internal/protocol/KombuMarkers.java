package io.celeryapi.internal.protocol;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * kombu 5.3+ wraps some values in {@code {"__type__": ..., "__value__": ...}} markers
 * (datetime, date, time, decimal, uuid, bytes, base64). This turns them back into the
 * plain JSON those types take anyway (ISO text, decimal text, canonical UUID text, base64
 * text), so that Jackson binds them to {@code Instant}, {@code BigDecimal}, {@code UUID}
 * or {@code byte[]} parameters. An unknown marker is an error, as in kombu.
 */
final class KombuMarkers {

	private static final Pattern HEX32 = Pattern.compile("[0-9a-fA-F]{32}");

	private KombuMarkers() {
	}

	static JsonNode unwrap(JsonNode node) {
		if (node instanceof ObjectNode object) {
			if (object.size() == 2 && object.has("__type__") && object.has("__value__")) {
				return plain(object);
			}
			for (Map.Entry<String, JsonNode> entry : object.properties()) {
				JsonNode value = entry.getValue();
				if (value.isContainer()) {
					JsonNode unwrapped = unwrap(value);
					if (unwrapped != value) {
						object.set(entry.getKey(), unwrapped);
					}
				}
			}
		}
		else if (node instanceof ArrayNode array) {
			for (int i = 0; i < array.size(); i++) {
				JsonNode value = array.get(i);
				if (value.isContainer()) {
					JsonNode unwrapped = unwrap(value);
					if (unwrapped != value) {
						array.set(i, unwrapped);
					}
				}
			}
		}
		return node;
	}

	private static JsonNode plain(ObjectNode marker) {
		String type = marker.get("__type__").asString();
		JsonNode value = marker.get("__value__");
		return switch (type) {
			case "datetime", "date", "time", "decimal", "bytes", "base64" -> value;
			case "uuid" -> (value.isObject()) ? WireJson.NODES.stringNode(uuid(value.path("hex").asString()))
					: value;
			default -> throw new MalformedMessageException("unknown kombu type marker __type__=" + type, null, null,
					"DecodeError");
		};
	}

	/**
	 * kombu writes {@code {"hex": uuid.hex}}: 32 digits without dashes, which Jackson does
	 * not bind to {@code UUID}. Accepts what Python's {@code UUID(hex=...)} accepts.
	 */
	private static String uuid(String hex) {
		String digits = hex.replace("urn:", "")
			.replace("uuid:", "")
			.replace("{", "")
			.replace("}", "")
			.replace("-", "");
		if (!HEX32.matcher(digits).matches()) {
			throw new MalformedMessageException("invalid uuid in kombu type marker: " + hex, null, null, "DecodeError");
		}
		String d = digits.toLowerCase(Locale.ROOT);
		return d.substring(0, 8) + "-" + d.substring(8, 12) + "-" + d.substring(12, 16) + "-" + d.substring(16, 20)
				+ "-" + d.substring(20);
	}

}
