package io.celeryapi.internal.control;

import java.time.Duration;
import java.util.List;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.celeryapi.internal.protocol.Envelopes;
import io.celeryapi.internal.protocol.WireJson;

import org.jspecify.annotations.Nullable;

/**
 * Builds remote control requests as Celery's {@code control} and {@code inspect} send
 * them.
 */
public final class PidboxRequests {

	/** The exchange replies are routed through. */
	public static final String REPLY_EXCHANGE = "reply.celery.pidbox";

	private PidboxRequests() {
	}

	/**
	 * The channel requests are published on.
	 * @param brokerDatabase the broker's db
	 * @return the channel
	 */
	public static String channel(int brokerDatabase) {
		return "/" + brokerDatabase + ".celery.pidbox";
	}

	/**
	 * A request envelope.
	 * @param method the command
	 * @param arguments its arguments, or {@code null}
	 * @param destination the workers to address, or {@code null} for all
	 * @param ticket the ticket replies carry, or {@code null} for a cast (no reply)
	 * @param replyRoutingKey the reply binding's routing key, or {@code null} for a cast
	 * @param timeout how long the sender listens
	 * @param clock the sender's clock value
	 * @return the envelope JSON
	 */
	public static String request(String method, @Nullable ObjectNode arguments, @Nullable List<String> destination,
			@Nullable String ticket, @Nullable String replyRoutingKey, Duration timeout, long clock) {
		ObjectNode body = WireJson.NODES.objectNode();
		body.put("method", method);
		body.set("arguments", (arguments != null) ? arguments : WireJson.NODES.objectNode());
		if (destination != null) {
			ArrayNode names = body.putArray("destination");
			destination.forEach(names::add);
		}
		else {
			body.putNull("destination");
		}
		body.putNull("pattern");
		body.putNull("matcher");
		if (ticket != null && replyRoutingKey != null) {
			body.put("ticket", ticket);
			body.putObject("reply_to").put("exchange", REPLY_EXCHANGE).put("routing_key", replyRoutingKey);
		}
		ObjectNode headers = WireJson.NODES.objectNode()
			.put("clock", clock)
			.put("expires", (ticket != null) ? System.currentTimeMillis() / 1000.0 + timeout.toMillis() / 1000.0 : 0);
		return Envelopes.encode(body, headers, "celery.pidbox", "", 2);
	}

}
