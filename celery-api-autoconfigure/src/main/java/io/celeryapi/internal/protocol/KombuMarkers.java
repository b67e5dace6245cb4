package io.celeryapi.internal.protocol;

import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * kombu 5.3+ wraps some values in {@code {"__type__": ..., "__value__": ...}} markers
 * (datetime, date, time, decimal, uuid, bytes). This turns them back into the plain JSON
 * those types take anyway (ISO text, decimal text), so that Jackson binds them to
 * {@code Instant}, {@code BigDecimal} or {@code UUID} parameters. An unknown marker is an
 * error, as in kombu.
 */
final class KombuMarkers {

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
			case "datetime", "date", "time", "decimal", "bytes" -> value;
			case "uuid" -> (value.isObject()) ? WireJson.NODES.stringNode(value.path("hex").asString()) : value;
			default -> throw new MalformedMessageException("unknown kombu type marker __type__=" + type, null, null,
					"DecodeError");
		};
	}

}
