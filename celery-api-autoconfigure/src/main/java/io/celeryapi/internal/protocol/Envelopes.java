package io.celeryapi.internal.protocol;

import java.util.Base64;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds kombu envelopes for everything that is not a task: remote control requests and
 * replies, and events.
 */
public final class Envelopes {

	private Envelopes() {
	}

	/**
	 * An envelope with a base64 JSON body.
	 * @param body the payload
	 * @param headers the application headers
	 * @param exchange the exchange for {@code delivery_info}
	 * @param routingKey the routing key for {@code delivery_info}
	 * @param deliveryMode 2 for persistent (requests), 1 for transient (replies, events)
	 * @return the envelope JSON
	 */
	public static String encode(JsonNode body, ObjectNode headers, String exchange, String routingKey,
			int deliveryMode) {
		ObjectNode envelope = WireJson.NODES.objectNode();
		envelope.put("body", Base64.getEncoder().encodeToString(WireJson.MAPPER.writeValueAsBytes(body)));
		envelope.put("content-encoding", "utf-8");
		envelope.put("content-type", "application/json");
		envelope.set("headers", headers);
		ObjectNode properties = envelope.putObject("properties");
		properties.put("delivery_mode", deliveryMode);
		properties.putObject("delivery_info").put("exchange", exchange).put("routing_key", routingKey);
		properties.put("priority", 0);
		properties.put("body_encoding", "base64");
		properties.put("delivery_tag", UUID.randomUUID().toString());
		return WireJson.MAPPER.writeValueAsString(envelope);
	}

}
