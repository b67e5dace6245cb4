package io.celeryapi.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.celeryapi.core.CeleryException;
import io.celeryapi.core.TaskOptions;
import io.celeryapi.internal.protocol.OutgoingTask;
import io.celeryapi.internal.protocol.SignatureCodec;
import io.celeryapi.internal.protocol.TaskMessageCodec;
import io.celeryapi.internal.redis.RedisBroker;
import io.celeryapi.internal.redis.RedisResultBackend;

import org.jspecify.annotations.Nullable;

/**
 * Builds task messages from options, routes them to a queue and publishes them. Shared by
 * the template (calls) and the worker (callbacks and chain links).
 */
public final class TaskPublisher {

	private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(30);


	private final RedisBroker broker;

	private final RedisResultBackend backend;

	private final JsonMapper mapper;

	private final String origin;

	private volatile String defaultQueue = "celery";

	private volatile Map<Pattern, String> routes = Map.of();

	private volatile java.util.function.Function<String, @Nullable String> discovery = (task) -> null;

	/**
	 * Creates a publisher.
	 * @param broker the broker
	 * @param backend the result backend (for result handles)
	 * @param mapper converts arguments and results
	 */
	public TaskPublisher(RedisBroker broker, RedisResultBackend backend, JsonMapper mapper) {
		this.broker = broker;
		this.backend = backend;
		this.mapper = mapper;
		this.origin = "gen" + ProcessHandle.current().pid() + "@" + Hostnames.local();
	}

	/**
	 * Sets the queue for calls that name none and match no route.
	 * @param defaultQueue the queue
	 */
	public void setDefaultQueue(String defaultQueue) {
		this.defaultQueue = defaultQueue;
	}

	/**
	 * Sets routes from task-name globs to queues; the first match wins.
	 * @param routes the routes, in order
	 */
	public void setRoutes(Map<String, String> routes) {
		Map<Pattern, String> compiled = new LinkedHashMap<>();
		routes.forEach((glob, queue) -> compiled.put(Globs.compile(glob), queue));
		this.routes = compiled;
	}

	/**
	 * Sets where a task goes when no static route names a queue, before the default
	 * queue: discovery routing asks the live workers.
	 * @param discovery task name to queue, or {@code null} when unknown
	 */
	public void setDiscovery(java.util.function.Function<String, @Nullable String> discovery) {
		this.discovery = discovery;
	}

	/**
	 * The queue a task goes to when its call names none: the first matching static route,
	 * else a discovered queue, else the default queue.
	 * @param taskName the task name
	 * @return the queue
	 */
	public String queueFor(String taskName) {
		String routed = staticRoute(taskName);
		if (routed != null) {
			return routed;
		}
		String discovered = this.discovery.apply(taskName);
		return (discovered != null) ? discovered : this.defaultQueue;
	}

	/**
	 * The queue of the first static route that matches a task name.
	 * @param taskName the task name
	 * @return the queue, or {@code null}
	 */
	public @Nullable String staticRoute(String taskName) {
		for (Map.Entry<Pattern, String> route : this.routes.entrySet()) {
			if (route.getKey().matcher(taskName).matches()) {
				return route.getValue();
			}
		}
		return null;
	}

	/**
	 * The mapper for arguments and results.
	 * @return the mapper
	 */
	public JsonMapper mapper() {
		return this.mapper;
	}

	/**
	 * Converts positional arguments with the application's mapper.
	 * @param args the arguments
	 * @return them as a JSON array
	 */
	public ArrayNode argsTree(List<?> args) {
		return args.isEmpty() ? this.mapper.createArrayNode() : this.mapper.valueToTree(args);
	}

	/**
	 * Converts keyword arguments with the application's mapper. Most calls have none, which
	 * need no serializer.
	 * @param kwargs the keyword arguments
	 * @return them as a JSON object
	 */
	public ObjectNode kwargsTree(Map<String, ?> kwargs) {
		return kwargs.isEmpty() ? this.mapper.createObjectNode() : this.mapper.valueToTree(kwargs);
	}

	/**
	 * The result backend.
	 * @return the backend
	 */
	public RedisResultBackend backend() {
		return this.backend;
	}

	/**
	 * Publishes a task and returns a handle on its result, already watching unless results
	 * are ignored. Returns once Redis has the task, as Celery's {@code apply_async}.
	 * @param <T> the result type
	 * @param name the task name
	 * @param args positional arguments
	 * @param kwargs keyword arguments
	 * @param options how to send it
	 * @param resultType the result type
	 * @param parent the sending task, or {@code null} for a top-level call
	 * @param watch whether to start waiting for the result (callers do, workers sending
	 * follow-ups do not)
	 * @return a handle on the result
	 */
	public <T> DefaultAsyncResult<T> publish(String name, ArrayNode args, ObjectNode kwargs, TaskOptions options,
			JavaType resultType, @Nullable Parent parent, boolean watch) {
		Prepared<T> prepared = prepare(name, args, kwargs, options, resultType, parent, watch);
		String id = prepared.result().id();
		try {
			send(prepared).get(PUBLISH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			return prepared.result();
		}
		catch (InterruptedException ex) {
			prepared.result().stopWatching();
			Thread.currentThread().interrupt();
			throw new CeleryException("Interrupted while sending task " + name + "[" + id + "]", ex);
		}
		catch (ExecutionException ex) {
			prepared.result().stopWatching();
			throw sendFailed(name, id, ex.getCause());
		}
		catch (Exception ex) {
			prepared.result().stopWatching();
			throw sendFailed(name, id, ex);
		}
	}

	/**
	 * Publishes a task without waiting: many such calls share Redis round trips.
	 * @param <T> the result type
	 * @param name the task name
	 * @param args positional arguments
	 * @param kwargs keyword arguments
	 * @param options how to send it
	 * @param resultType the result type
	 * @return completes with a handle on the result once Redis has the task, or with the
	 * reason it could not be sent
	 */
	public <T> CompletableFuture<DefaultAsyncResult<T>> publishAsync(String name, ArrayNode args, ObjectNode kwargs,
			TaskOptions options, JavaType resultType) {
		Prepared<T> prepared;
		try {
			prepared = prepare(name, args, kwargs, options, resultType, null, true);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		String id = prepared.result().id();
		CompletableFuture<DefaultAsyncResult<T>> sent = new CompletableFuture<>();
		CompletableFuture<Void> pushed;
		try {
			pushed = send(prepared);
		}
		catch (RuntimeException ex) {
			pushed = CompletableFuture.failedFuture(ex);
		}
		// No timer per task: Redis commands time out on their own (celery.broker timeouts).
		// Completed off Redis's I/O thread, which the caller's stages must never block.
		pushed.whenCompleteAsync((ok, ex) -> {
			if (ex == null) {
				sent.complete(prepared.result());
			}
			else {
				prepared.result().stopWatching();
				Throwable cause = (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
				sent.completeExceptionally(sendFailed(name, id, cause));
			}
		}, this.backend.callbacks());
		return sent;
	}

	private CompletableFuture<Void> send(Prepared<?> prepared) {
		return this.broker.publish(prepared.exchange(), prepared.routingKey(), prepared.priority(),
				prepared.envelope());
	}

	private <T> Prepared<T> prepare(String name, ArrayNode args, ObjectNode kwargs, TaskOptions options,
			JavaType resultType, @Nullable Parent parent, boolean watch) {
		String id = (options.getTaskId() != null) ? options.getTaskId() : UUID.randomUUID().toString();
		Instant now = Instant.now();
		Instant eta = options.getEta();
		if (eta == null && options.getCountdown() != null) {
			eta = now.plus(options.getCountdown());
		}
		Instant expires = options.getExpires();
		if (expires == null && options.getExpiresIn() != null) {
			expires = now.plus(options.getExpiresIn());
		}
		String exchange = "";
		String routingKey;
		if (options.getExchange() != null && !options.getExchange().isEmpty()) {
			exchange = options.getExchange();
			routingKey = (options.getRoutingKey() != null) ? options.getRoutingKey() : name;
		}
		else {
			routingKey = (options.getQueue() != null) ? options.getQueue() : queueFor(name);
		}
		boolean ignoreResult = Boolean.TRUE.equals(options.getIgnoreResult());
		ObjectNode headers = options.getHeaders().isEmpty() ? null : this.mapper.valueToTree(options.getHeaders());
		int priority = (options.getPriority() != null) ? options.getPriority() : 0;
		OutgoingTask task = new OutgoingTask(id, name, args, kwargs,
				SignatureCodec.toList(options.getLink(), this.mapper),
				SignatureCodec.toList(options.getLinkError(), this.mapper), (parent != null) ? parent.chain() : null,
				(parent != null) ? parent.chord() : null, eta, expires, (parent != null) ? parent.retries() : 0,
				seconds(options.getTimeLimit()), seconds(options.getSoftTimeLimit()),
				(parent != null && parent.rootId() != null) ? parent.rootId() : id,
				(parent != null) ? parent.parentId() : null, (parent != null) ? parent.group() : null,
				(parent != null) ? parent.groupIndex() : null,
				ignoreResult, options.getShadow(), headers, priority, exchange, routingKey, this.origin);
		byte[] envelope = TaskMessageCodec.encodeUtf8(task);
		DefaultAsyncResult<T> result = new DefaultAsyncResult<>(id, name, this.backend, this.mapper, resultType);
		if (watch && !ignoreResult) {
			// Before the task is sent, so that nothing is missed.
			result.watch();
		}
		return new Prepared<>(result, exchange, routingKey, priority, envelope);
	}

	/** A task ready to go: its handle and its message. */
	private record Prepared<T>(DefaultAsyncResult<T> result, String exchange, String routingKey, int priority,
			byte[] envelope) {
	}

	private static CeleryException sendFailed(String name, String id, Throwable cause) {
		if (cause instanceof CeleryException celery) {
			return celery;
		}
		return new CeleryException("Could not send task " + name + "[" + id + "]: " + cause.getMessage(), cause);
	}

	private static @Nullable Double seconds(@Nullable Duration duration) {
		return (duration != null) ? duration.toMillis() / 1000.0 : null;
	}



	/**
	 * Stores a chord's header size, which must exist before the last header task can
	 * finish (Celery's {@code celery-taskset-meta-<group>.s}).
	 * @param groupId the chord's group id
	 * @param size how many header tasks there are
	 */
	public void setChordSize(String groupId, int size) {
		this.backend.setChordSize(groupId, size);
	}

	/**
	 * Where a task stands in a workflow: what it inherits from the task or canvas that
	 * sends it.
	 *
	 * @param rootId the workflow root
	 * @param parentId the sending task
	 * @param group the group
	 * @param groupIndex the position in a chord header
	 * @param retries the retry count
	 * @param chain the remaining chain (last element next)
	 * @param chord the chord body, for chord header tasks
	 */
	public record Parent(@Nullable String rootId, @Nullable String parentId, @Nullable String group,
			@Nullable Integer groupIndex, int retries, @Nullable JsonNode chain, @Nullable JsonNode chord) {

		/**
		 * A task sent by another task.
		 * @param rootId the workflow root
		 * @param parentId the sending task
		 * @param chain the remaining chain
		 * @return the lineage
		 */
		public static Parent of(@Nullable String rootId, @Nullable String parentId, @Nullable JsonNode chain) {
			return new Parent(rootId, parentId, null, null, 0, chain, null);
		}

	}

}
