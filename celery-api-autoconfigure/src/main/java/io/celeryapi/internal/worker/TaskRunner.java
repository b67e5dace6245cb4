package io.celeryapi.internal.worker;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.celeryapi.core.TaskState;
import io.celeryapi.internal.TaskPublisher;
import io.celeryapi.internal.protocol.MalformedMessageException;
import io.celeryapi.internal.protocol.ResultMeta;
import io.celeryapi.internal.protocol.SignatureCodec;
import io.celeryapi.internal.protocol.TaskMessage;
import io.celeryapi.internal.protocol.TaskMessageCodec;
import io.celeryapi.internal.protocol.WireJson;
import io.celeryapi.internal.redis.RedisBroker;
import io.celeryapi.internal.redis.RedisResultBackend;
import io.celeryapi.worker.TaskEndpoint;
import io.celeryapi.worker.TaskRegistry;
import io.celeryapi.worker.WorkerSettings;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Runs one delivered message the way a Celery worker does: decode, check, acknowledge
 * (early or late), invoke, store the outcome, send callbacks and the next chain link, or
 * the failure to every later chain link and the errbacks.
 */
public final class TaskRunner {

	private static final Log logger = LogFactory.getLog(TaskRunner.class);

	private final TaskRegistry registry;

	private final RedisBroker broker;

	private final RedisResultBackend backend;

	private final TaskPublisher publisher;

	private final WorkerSettings settings;

	private final MessageRejecter rejecter;

	private final JsonMapper mapper;

	private final JavaType objectType;

	private final long pid = ProcessHandle.current().pid();

	private final WorkerState state;

	private volatile TaskEventListener events = TaskEventListener.NONE;

	/**
	 * Creates a runner.
	 * @param registry the tasks
	 * @param broker the broker (acks)
	 * @param publisher publishes follow-up tasks and owns the result backend
	 * @param settings the worker settings
	 * @param rejecter handles messages that cannot run
	 * @param state the worker's live state
	 */
	public TaskRunner(TaskRegistry registry, RedisBroker broker, TaskPublisher publisher, WorkerSettings settings,
			MessageRejecter rejecter, WorkerState state) {
		this.state = state;
		this.registry = registry;
		this.broker = broker;
		this.backend = publisher.backend();
		this.publisher = publisher;
		this.settings = settings;
		this.rejecter = rejecter;
		this.mapper = publisher.mapper();
		this.objectType = this.mapper.constructType(Object.class);
	}

	/**
	 * Sets who hears task events.
	 * @param events the listener
	 */
	public void setEventListener(TaskEventListener events) {
		this.events = events;
	}

	/**
	 * Decodes a delivery, or rejects it.
	 * @param delivery the delivery
	 * @return the message, or {@code null} when it was rejected
	 */
	public @Nullable TaskMessage decode(Delivery delivery) {
		if (delivery.envelope().raw().length() > this.settings.maxMessageSize()) {
			this.rejecter.reject(delivery, new MalformedMessageException(
					"message of " + delivery.envelope().raw().length() + " bytes exceeds celery.worker.max-message-size ("
							+ this.settings.maxMessageSize() + ")",
					delivery.envelope().taskId(), delivery.envelope().taskName(), "MessageTooLarge"));
			return null;
		}
		try {
			return TaskMessageCodec.decode(delivery.envelope());
		}
		catch (MalformedMessageException ex) {
			this.rejecter.reject(delivery, ex);
			return null;
		}
	}

	/**
	 * Runs a decoded task now.
	 * @param delivery the delivery
	 * @param message the decoded message
	 * @return completes when the outcome is stored and the message acknowledged
	 */
	public CompletableFuture<?> run(Delivery delivery, TaskMessage message) {
		TaskEndpoint endpoint = this.registry.get(message.task());
		if (endpoint == null) {
			this.rejecter.reject(delivery, new MalformedMessageException(message.task(), message.id(), message.task(),
					"NotRegistered"));
			return CompletableFuture.completedFuture(null);
		}
		this.state.counts(message.task()).received.increment();
		this.events.received(message);
		if (this.state.isRevoked(message.id())) {
			logger.info("Discarding revoked task " + message.task() + "[" + message.id() + "]");
			return revoked(delivery, message, "revoked", false);
		}
		if (message.expires() != null && Instant.now().isAfter(message.expires())) {
			logger.info("Task " + message.task() + "[" + message.id() + "] expired at " + message.expires());
			return revoked(delivery, message, "expired", false);
		}
		boolean acksLate = endpoint.isAcksLate(this.settings.acksLate());
		if (!acksLate) {
			this.broker.ack(delivery.deliveryTag());
		}
		this.state.started(message, delivery, !acksLate);
		this.events.started(message);
		long startedNanos = System.nanoTime();
		boolean storeResult = !message.ignoreResult() && !endpoint.isIgnoreResult();
		if (this.settings.trackStarted() && storeResult) {
			ObjectNode started = WireJson.NODES.objectNode();
			started.put("pid", this.pid);
			started.put("hostname", this.settings.hostname());
			this.backend.store(message.id(), ResultMeta.encode(TaskState.STARTED, started, null, message.id(),
					message.group(), message.parentId(), null, null, Instant.now()));
		}
		CompletableFuture<?> outcome;
		DefaultTaskContext context = new DefaultTaskContext(message, delivery.queue(), this.settings.hostname());
		boolean success = false;
		try {
			Object value = endpoint.invoke(endpoint.binder().bind(message.args(), message.kwargs(), context));
			JsonNode result = this.mapper.valueToTree(value);
			outcome = succeeded(delivery, message, result, storeResult);
			success = true;
			this.events.succeeded(message, result, (System.nanoTime() - startedNanos) / 1e9);
		}
		catch (Throwable ex) {
			if (this.state.consumeTerminated(message.id())) {
				Thread.interrupted();
				logger.info("Task " + message.task() + "[" + message.id() + "] terminated by revoke");
				outcome = revoked(delivery, message, "terminated", true);
				return outcome;
			}
			if (ex instanceof Error && !(ex instanceof AssertionError) && !(ex instanceof StackOverflowError)) {
				logger.error("Task " + message.task() + "[" + message.id() + "] raised an Error", ex);
			}
			outcome = failed(delivery, message, ex, storeResult);
			this.events.failed(message, ex.toString(), ExceptionDicts.traceback(ex));
		}
		finally {
			this.state.finished(message, success);
		}
		return acksLate ? outcome.thenCompose((ignored) -> this.broker.ack(delivery.deliveryTag())) : outcome;
	}

	private CompletableFuture<?> revoked(Delivery delivery, TaskMessage message, String reason, boolean terminated) {
		this.events.revoked(message, terminated, "expired".equals(reason));
		ObjectNode revoked = ResultMeta.exception("TaskRevokedError", "celery.exceptions", reason);
		CompletableFuture<?> stored = store(message, delivery, TaskState.REVOKED, revoked, null, null);
		return stored.thenCompose((ignored) -> this.broker.ack(delivery.deliveryTag()));
	}

	private CompletableFuture<?> succeeded(Delivery delivery, TaskMessage message, JsonNode result,
			boolean storeResult) {
		ArrayNode children = WireJson.NODES.arrayNode();
		String rootId = (message.rootId() != null) ? message.rootId() : message.id();
		if (message.callbacks() != null) {
			for (JsonNode callback : message.callbacks()) {
				children.add(sendFollowUp(callback, result, rootId, message.id(), null));
			}
		}
		ArrayNode chain = message.chain();
		if (chain != null && !chain.isEmpty()) {
			ArrayNode remaining = chain.deepCopy();
			JsonNode next = remaining.remove(remaining.size() - 1);
			children.add(sendFollowUp(next, result, rootId, message.id(), remaining));
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Task " + message.task() + "[" + message.id() + "] succeeded");
		}
		if (!storeResult) {
			return CompletableFuture.completedFuture(null);
		}
		return store(message, delivery, TaskState.SUCCESS, result, null, children);
	}

	private CompletableFuture<?> failed(Delivery delivery, TaskMessage message, Throwable ex, boolean storeResult) {
		ObjectNode exc = ExceptionDicts.of(ex);
		String traceback = ExceptionDicts.traceback(ex);
		if (ex instanceof TaskArgumentException) {
			logger.error("Task " + message.task() + "[" + message.id() + "] rejected its arguments: " + ex.getMessage());
		}
		else {
			logger.warn("Task " + message.task() + "[" + message.id() + "] raised " + ex, ex);
		}
		CompletableFuture<?> stored = storeResult ? store(message, delivery, TaskState.FAILURE, exc, traceback, null)
				: CompletableFuture.completedFuture(null);
		// Every later chain link fails too, so that nobody waits for the chain forever.
		if (message.chain() != null) {
			for (JsonNode link : message.chain()) {
				String linkId = WireJson.text(link.get("options"), "task_id");
				if (linkId != null) {
					this.backend.store(linkId, ResultMeta.encode(TaskState.FAILURE, exc, traceback, linkId, null, null,
							null, null, Instant.now()));
				}
			}
		}
		if (message.errbacks() != null) {
			String rootId = (message.rootId() != null) ? message.rootId() : message.id();
			for (JsonNode errback : message.errbacks()) {
				sendFollowUp(errback, WireJson.NODES.stringNode(message.id()), rootId, message.id(), null);
			}
		}
		return stored;
	}

	private JsonNode sendFollowUp(JsonNode signature, JsonNode firstArgument, String rootId, String parentId,
			@Nullable ArrayNode chain) {
		String task = WireJson.text(signature, "task");
		if (task == null) {
			logger.error("Ignoring a follow-up signature without a task name: " + signature);
			return WireJson.NODES.nullNode();
		}
		ArrayNode args = WireJson.NODES.arrayNode();
		if (!signature.path("immutable").asBoolean(false)) {
			args.add(firstArgument);
		}
		if (signature.get("args") instanceof ArrayNode given) {
			args.addAll(given);
		}
		ObjectNode kwargs = (signature.get("kwargs") instanceof ObjectNode given) ? given.deepCopy()
				: WireJson.NODES.objectNode();
		var options = SignatureCodec.optionsOf(signature.get("options"));
		var sent = this.publisher.publish(task, args, kwargs, options, this.objectType,
				new TaskPublisher.Parent(rootId, parentId, null, 0, chain), false);
		ArrayNode tuple = WireJson.NODES.arrayNode();
		tuple.addArray().add(sent.id()).addNull();
		tuple.addNull();
		return tuple;
	}

	private CompletableFuture<?> store(TaskMessage message, Delivery delivery, TaskState state, @Nullable JsonNode result,
			@Nullable String traceback, @Nullable ArrayNode children) {
		ObjectNode extended = this.settings.resultExtended() ? extended(message, delivery) : null;
		String json = ResultMeta.encode(state, result, traceback, message.id(), message.group(), message.parentId(),
				children, extended, Instant.now());
		return this.backend.store(message.id(), json);
	}

	private ObjectNode extended(TaskMessage message, Delivery delivery) {
		ObjectNode extended = WireJson.NODES.objectNode();
		extended.put("name", message.task());
		extended.set("args", message.args());
		extended.set("kwargs", message.kwargs());
		extended.put("worker", this.settings.hostname());
		extended.put("retries", message.retries());
		extended.put("queue", delivery.envelope().routingKey());
		return extended;
	}

}
