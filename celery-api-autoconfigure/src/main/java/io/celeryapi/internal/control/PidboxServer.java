package io.celeryapi.internal.control;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.celeryapi.internal.Globs;
import io.celeryapi.internal.protocol.Envelope;
import io.celeryapi.internal.protocol.Envelopes;
import io.celeryapi.internal.protocol.WireJson;
import io.celeryapi.internal.redis.RedisConnections;
import io.celeryapi.internal.redis.RedisKeys;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Answers Celery's remote control and inspect requests ("pidbox"): it pattern-subscribes
 * to {@code /<db>.celery.pidbox}, serves each request on a thread of its own (so a worker
 * busy with long tasks still answers), and replies through the reply exchange's bindings,
 * as kombu does on Redis.
 */
public final class PidboxServer implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(PidboxServer.class);

	private static final String EXCHANGE = "celery.pidbox";

	private final RedisConnections connections;

	private final String hostname;

	private final ControlCommands commands;

	private final AtomicLong clock;

	private final ExecutorService executor = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "celery-control");
		thread.setDaemon(true);
		return thread;
	});

	private @Nullable StatefulRedisPubSubConnection<String, String> pubSub;

	/**
	 * Creates a server.
	 * @param connections the broker connections
	 * @param hostname the worker's node name
	 * @param commands the command handlers
	 * @param clock the worker's Lamport clock
	 */
	public PidboxServer(RedisConnections connections, String hostname, ControlCommands commands, AtomicLong clock) {
		this.connections = connections;
		this.hostname = hostname;
		this.commands = commands;
		this.clock = clock;
	}

	private String channel() {
		return "/" + this.connections.brokerDatabase() + "." + EXCHANGE;
	}

	/**
	 * Starts listening.
	 */
	public void start() {
		this.connections.broker()
			.async()
			.sadd(RedisKeys.bindingKey(EXCHANGE), RedisKeys.bindingMember("", "", this.hostname + "." + EXCHANGE));
		StatefulRedisPubSubConnection<String, String> connection = this.connections.newBrokerPubSub();
		connection.addListener(new RedisPubSubAdapter<>() {
			@Override
			public void message(String pattern, String channel, String message) {
				PidboxServer.this.executor.execute(() -> handle(message));
			}
		});
		connection.sync().psubscribe(channel());
		this.pubSub = connection;
	}

	private void handle(String raw) {
		try {
			Envelope envelope = Envelope.parse(raw);
			JsonNode clockHeader = envelope.headers().get("clock");
			if (clockHeader != null && clockHeader.isNumber()) {
				long received = clockHeader.asLong();
				this.clock.accumulateAndGet(received, (current, other) -> Math.max(current, other) + 1);
			}
			JsonNode request = WireJson.MAPPER.readTree(envelope.bodyBytes());
			if (!addressedToMe(request)) {
				return;
			}
			String method = WireJson.text(request, "method");
			if (method == null) {
				return;
			}
			JsonNode arguments = request.path("arguments");
			JsonNode result = this.commands.handle(method, arguments.isObject() ? arguments : WireJson.NODES.objectNode());
			JsonNode replyTo = request.get("reply_to");
			if (result != null && replyTo != null && replyTo.isObject()) {
				reply(WireJson.text(request, "ticket"), replyTo, result);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not handle a remote control request: " + ex.getMessage(), ex);
		}
	}

	private boolean addressedToMe(JsonNode request) {
		JsonNode destination = request.get("destination");
		if (destination != null && destination.isArray() && !destination.isEmpty()) {
			for (JsonNode name : destination) {
				if (this.hostname.equals(name.asString())) {
					return true;
				}
			}
			return false;
		}
		String pattern = WireJson.text(request, "pattern");
		if (pattern != null) {
			String matcher = WireJson.text(request, "matcher");
			// Celery's matchers: "glob" is fnmatch (whole name), "pcre" is re.search-like.
			if ("pcre".equals(matcher)) {
				return Pattern.compile(pattern).matcher(this.hostname).find();
			}
			return Globs.compile(pattern).matcher(this.hostname).matches();
		}
		return true;
	}

	private void reply(@Nullable String ticket, JsonNode replyTo, JsonNode result) {
		String exchange = WireJson.text(replyTo, "exchange");
		String routingKey = WireJson.text(replyTo, "routing_key");
		if (exchange == null || routingKey == null) {
			return;
		}
		ObjectNode body = WireJson.NODES.objectNode();
		body.set(this.hostname, result);
		ObjectNode headers = WireJson.NODES.objectNode();
		headers.put("ticket", ticket);
		headers.put("clock", this.clock.incrementAndGet());
		String json = Envelopes.encode(body, headers, exchange, routingKey, 1);
		var sync = this.connections.broker().sync();
		for (String member : sync.smembers(RedisKeys.bindingKey(exchange))) {
			String[] parts = member.split(RedisKeys.SEP, -1);
			if (parts.length == 3 && parts[0].equals(routingKey)) {
				sync.lpush(parts[2], json);
			}
		}
	}



	@Override
	public void close() {
		StatefulRedisPubSubConnection<String, String> connection = this.pubSub;
		if (connection != null) {
			try {
				// Bounded: at shutdown Redis may already be gone.
				this.connections.broker()
					.async()
					.srem(RedisKeys.bindingKey(EXCHANGE),
							RedisKeys.bindingMember("", "", this.hostname + "." + EXCHANGE))
					.toCompletableFuture()
					.get(1, TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				logger.debug("Could not remove the pidbox binding: " + ex.getMessage());
			}
			connection.close();
		}
		this.executor.shutdown();
		try {
			this.executor.awaitTermination(2, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
