package io.celeryapi.internal.worker;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.celeryapi.core.Retry;
import io.celeryapi.core.TaskState;
import io.celeryapi.internal.protocol.OutgoingTask;
import io.celeryapi.internal.TaskPublisher;
import io.celeryapi.internal.protocol.MalformedMessageException;
import io.celeryapi.internal.protocol.ResultMeta;
import io.celeryapi.internal.protocol.SignatureCodec;
import io.celeryapi.internal.protocol.TaskMessage;
import io.celeryapi.internal.protocol.TaskMessageCodec;
import io.celeryapi.internal.protocol.WireJson;
import io.celeryapi.internal.redis.RedisBroker;
import io.celeryapi.internal.redis.RedisResultBackend;
import io.celeryapi.worker.RetryPolicy;
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

	private final FollowUps followUps;

	private final String origin = "gen" + ProcessHandle.current().pid() + "@" + io.celeryapi.internal.Hostnames.local();

	private static final java.util.Set<String> STANDARD_HEADERS = java.util.Set.of("lang", "task", "id", "shadow",
			"eta", "expires", "group", "group_index", "retries", "timelimit", "root_id", "parent_id", "argsrepr",
			"kwargsrepr", "origin", "ignore_result", "redelivered", "compression");

	private volatile TaskEventListener events = TaskEventListener.NONE;

	private volatile java.util.function.Consumer<Thread> abandonHandler = (thread) -> {
	};

	private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "celery-time-limits");
		thread.setDaemon(true);
		return thread;
	});

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
		this.followUps = new FollowUps(publisher);
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
		DefaultTaskContext context = new DefaultTaskContext(message, delivery.queue(), this.settings.hostname());
		Execution execution = new Execution(Thread.currentThread());
		double soft = limit(message.softTimeLimit(), endpoint.getSoftTimeLimit(), this.settings.softTimeLimit());
		double hard = limit(message.timeLimit(), endpoint.getTimeLimit(), this.settings.timeLimit());
		ScheduledFuture<?> softTimer = (soft > 0) ? this.timers.schedule(execution::softLimitReached,
				(long) (soft * 1000), TimeUnit.MILLISECONDS) : null;
		ScheduledFuture<?> hardTimer = (hard > 0) ? this.timers.schedule(
				() -> abandon(execution, delivery, message, acksLate, storeResult, hard), (long) (hard * 1000),
				TimeUnit.MILLISECONDS) : null;
		Object value = null;
		Throwable error = null;
		try {
			value = endpoint.invoke(endpoint.binder().bind(message.args(), message.kwargs(), context));
		}
		catch (Throwable ex) {
			error = ex;
		}
		finally {
			cancel(softTimer);
			cancel(hardTimer);
		}
		if (!execution.finish()) {
			// The hard limit abandoned this run and stored its failure: nothing more to say.
			Thread.interrupted();
			this.state.finished(message, false);
			return CompletableFuture.completedFuture(null);
		}
		if (execution.softLimitReached) {
			Thread.interrupted();
			if (error != null) {
				error = new SoftTimeLimitExceeded("SoftTimeLimitExceeded(" + soft + ")");
			}
		}
		CompletableFuture<?> outcome;
		boolean success = false;
		try {
			if (error == null) {
				JsonNode result = this.mapper.valueToTree(value);
				outcome = succeeded(delivery, message, result, storeResult);
				success = true;
				this.events.succeeded(message, result, (System.nanoTime() - startedNanos) / 1e9);
			}
			else {
				Throwable ex = error;
				if (this.state.consumeTerminated(message.id())) {
					Thread.interrupted();
					logger.info("Task " + message.task() + "[" + message.id() + "] terminated by revoke");
					return revoked(delivery, message, "terminated", true);
				}
				if (ex instanceof Error && !(ex instanceof AssertionError) && !(ex instanceof StackOverflowError)) {
					logger.error("Task " + message.task() + "[" + message.id() + "] raised an Error", ex);
				}
				RetryPolicy policy = endpoint.getRetryPolicy();
				boolean retry = ex instanceof Retry || policy.retriesOn(ex);
				Throwable cause = (ex instanceof Retry && ex.getCause() != null) ? ex.getCause() : ex;
				if (retry && message.retries() < policy.maxRetries()) {
					Duration delay = policy.delay((ex instanceof Retry r) ? r.getCountdown() : null, message.retries());
					outcome = retry(delivery, message, cause, delay, storeResult);
					return acksLate ? outcome.thenCompose((ignored) -> this.broker.ack(delivery.deliveryTag()))
							: outcome;
				}
				if (ex instanceof Retry && ex.getCause() == null) {
					cause = new MaxRetriesExceededError("Can't retry " + message.task() + "[" + message.id()
							+ "]: max retries (" + policy.maxRetries() + ") exceeded");
				}
				outcome = failed(delivery, message, cause, storeResult);
				this.events.failed(message, cause.toString(), ExceptionDicts.traceback(cause),
						(System.nanoTime() - startedNanos) / 1e9);
			}
		}
		finally {
			this.state.finished(message, success);
		}
		return acksLate ? outcome.thenCompose((ignored) -> this.broker.ack(delivery.deliveryTag())) : outcome;
	}

	private static double limit(@Nullable Double fromMessage, double fromTask, Duration fromSettings) {
		if (fromMessage != null && fromMessage > 0) {
			return fromMessage;
		}
		return (fromTask > 0) ? fromTask : fromSettings.toMillis() / 1000.0;
	}

	private static void cancel(@Nullable ScheduledFuture<?> timer) {
		if (timer != null) {
			timer.cancel(false);
		}
	}

	/**
	 * The hard time limit passed: the task is abandoned. Its failure is stored now, the
	 * message acknowledged, and the worker gets a fresh runner in place of the stuck one.
	 */
	private void abandon(Execution execution, Delivery delivery, TaskMessage message, boolean acksLate,
			boolean storeResult, double hard) {
		if (!execution.finish()) {
			return;
		}
		logger.error("Task " + message.task() + "[" + message.id() + "] exceeded its hard time limit of " + hard
				+ " s and is abandoned");
		execution.thread.interrupt();
		TimeLimitExceeded ex = new TimeLimitExceeded("TimeLimitExceeded(" + hard + ")");
		CompletableFuture<?> stored = storeResult ? failed(delivery, message, ex, true)
				: CompletableFuture.completedFuture(null);
		this.events.failed(message, ex.toString(), "", hard);
		if (acksLate) {
			stored.thenCompose((ignored) -> this.broker.ack(delivery.deliveryTag()));
		}
		this.abandonHandler.accept(execution.thread);
	}

	/**
	 * Sets what happens when a run is abandoned at its hard time limit: the worker replaces
	 * the runner whose thread is stuck in the task.
	 * @param abandonHandler receives the stuck thread
	 */
	public void setAbandonHandler(java.util.function.Consumer<Thread> abandonHandler) {
		this.abandonHandler = abandonHandler;
	}

	/**
	 * One run of a task, raced by its hard time limit: whoever finishes it first decides.
	 */
	private static final class Execution {

		final Thread thread;

		final java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();

		volatile boolean softLimitReached;

		Execution(Thread thread) {
			this.thread = thread;
		}

		boolean finish() {
			return this.finished.compareAndSet(false, true);
		}

		void softLimitReached() {
			if (!this.finished.get()) {
				this.softLimitReached = true;
				this.thread.interrupt();
			}
		}

	}

	/**
	 * Sends the same task again (same id, {@code retries + 1}, an eta), then stores RETRY,
	 * as Celery's {@code self.retry()} does.
	 */
	private CompletableFuture<?> retry(Delivery delivery, TaskMessage message, Throwable cause, Duration delay,
			boolean storeResult) {
		logger.info("Task " + message.task() + "[" + message.id() + "] retry " + (message.retries() + 1) + " in "
				+ delay.toMillis() + " ms: " + cause);
		ObjectNode extra = WireJson.NODES.objectNode();
		message.headers().forEachEntry((name, value) -> {
			if (!STANDARD_HEADERS.contains(name)) {
				extra.set(name, value);
			}
		});
		String routingKey = (delivery.envelope().routingKey() != null) ? delivery.envelope().routingKey()
				: delivery.queue();
		OutgoingTask again = new OutgoingTask(message.id(), message.task(), message.args(), message.kwargs(),
				message.callbacks(), message.errbacks(), message.chain(), message.chord(), Instant.now().plus(delay),
				message.expires(), message.retries() + 1, message.timeLimit(), message.softTimeLimit(),
				(message.rootId() != null) ? message.rootId() : message.id(), message.id(), message.group(),
				message.groupIndex(), message.ignoreResult(), WireJson.text(message.headers(), "shadow"), extra,
				delivery.envelope().priority(), delivery.envelope().exchange(), routingKey, this.origin);
		this.broker.publish(delivery.envelope().exchange(), routingKey, delivery.envelope().priority(),
				TaskMessageCodec.encodeUtf8(again)).join();
		this.state.counts(message.task()).retried.increment();
		String traceback = ExceptionDicts.traceback(cause);
		this.events.retried(message, cause.toString(), traceback);
		if (!storeResult) {
			return CompletableFuture.completedFuture(null);
		}
		return this.backend.store(message.id(), ResultMeta.encode(TaskState.RETRY, ExceptionDicts.of(cause), traceback,
				message.id(), message.group(), message.parentId(), null, null, Instant.now()));
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
				addChild(children, sendFollowUp(callback, result, rootId, message.id(), null));
			}
		}
		ArrayNode chain = message.chain();
		if (chain != null && !chain.isEmpty()) {
			ArrayNode remaining = chain.deepCopy();
			JsonNode next = remaining.remove(remaining.size() - 1);
			addChild(children, sendFollowUp(next, result, rootId, message.id(), remaining));
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Task " + message.task() + "[" + message.id() + "] succeeded");
		}
		CompletableFuture<?> stored = storeResult ? store(message, delivery, TaskState.SUCCESS, result, null, children)
				: CompletableFuture.completedFuture(null);
		if (message.chord() != null && message.group() != null) {
			// On this runner thread, never in a Redis callback: the join waits for Redis.
			stored.join();
			joinChord(message, TaskState.SUCCESS, result);
		}
		return stored;
	}

	/**
	 * Adds this header task to its chord's join; the task that completes the join sends
	 * the body with the header results in order, or fails the body when a header task
	 * failed.
	 */
	private void joinChord(TaskMessage message, TaskState state, JsonNode result) {
		ObjectNode body = message.chord();
		String groupId = message.group();
		if (body == null || groupId == null) {
			return;
		}
		try {
			ArrayNode entry = WireJson.NODES.arrayNode().add(1).add(message.id()).add(state.name()).add(result);
			java.util.List<String> entries = this.backend.joinChord(groupId, message.groupIndex(),
					WireJson.MAPPER.writeValueAsString(entry));
			if (entries.isEmpty()) {
				return;
			}
			ArrayNode results = WireJson.NODES.arrayNode();
			for (String raw : entries) {
				JsonNode member = WireJson.MAPPER.readTree(raw);
				String memberState = member.path(2).asString();
				if ("FAILURE".equals(memberState) || "REVOKED".equals(memberState)) {
					failChordBody(body, member, message);
					return;
				}
				results.add(member.get(3));
			}
			String rootId = (message.rootId() != null) ? message.rootId() : message.id();
			sendFollowUp(body, results, rootId, message.id(), null);
			this.backend.deleteChord(groupId);
		}
		catch (RuntimeException ex) {
			logger.error("Could not complete chord " + groupId + " after task " + message.id(), ex);
		}
	}

	private void failChordBody(ObjectNode body, JsonNode failedMember, TaskMessage message) {
		String bodyId = WireJson.text(body.get("options"), "task_id");
		JsonNode exc = failedMember.get(3);
		String cause = exc.path("exc_type").asString("Exception") + "('" + exceptionMessage(exc) + "')";
		String reason = "Dependency " + failedMember.path(1).asString() + " raised " + cause;
		logger.warn("Chord body " + bodyId + " of group " + message.group() + " fails: " + reason);
		if (bodyId != null) {
			this.backend.store(bodyId, ResultMeta.encode(TaskState.FAILURE,
					ResultMeta.exception("ChordError", "celery.exceptions", reason), null, bodyId, null, message.id(),
					null, null, Instant.now()));
		}
		JsonNode errbacks = body.path("options").get("link_error");
		if (errbacks != null && errbacks.isArray() && bodyId != null) {
			String rootId = (message.rootId() != null) ? message.rootId() : message.id();
			for (JsonNode errback : errbacks) {
				sendFollowUp(errback, WireJson.NODES.stringNode(bodyId), rootId, bodyId, null);
			}
		}
	}

	private static String exceptionMessage(JsonNode exc) {
		JsonNode message = exc.get("exc_message");
		if (message != null && message.isArray() && message.size() == 1) {
			return message.get(0).asString();
		}
		return (message != null) ? message.toString() : "";
	}

	private CompletableFuture<?> failed(Delivery delivery, TaskMessage message, Throwable ex, boolean storeResult) {
		ObjectNode exc = ExceptionDicts.of(ex);
		String traceback = ExceptionDicts.traceback(ex);
		if (ex instanceof TaskArgumentException) {
			logger.error("Task " + message.task() + "[" + message.id() + "] rejected its arguments: " + ex.getMessage());
		}
		else {
			// The traceback travels with the result; the log says what happened.
			logger.warn("Task " + message.task() + "[" + message.id() + "] failed: " + ex);
			if (logger.isDebugEnabled()) {
				logger.debug("Task " + message.task() + "[" + message.id() + "] traceback", ex);
			}
		}
		Map<String, String> failures = new LinkedHashMap<>();
		if (storeResult) {
			failures.put(message.id(), resultJson(message, delivery, TaskState.FAILURE, exc, traceback, null));
		}
		// Every later chain link fails too, so that nobody waits for the chain forever; in the
		// same step, so that no caller sees this failure while a later link is still pending.
		if (message.chain() != null) {
			for (JsonNode link : message.chain()) {
				String linkId = WireJson.text(link.get("options"), "task_id");
				if (linkId != null) {
					failures.putIfAbsent(linkId, ResultMeta.encode(TaskState.FAILURE, exc, traceback, linkId, null,
							null, null, null, Instant.now()));
				}
			}
		}
		CompletableFuture<?> written = failures.isEmpty() ? CompletableFuture.completedFuture(null)
				: this.backend.storeTogether(failures);
		CompletableFuture<?> stored = storeResult ? written : CompletableFuture.completedFuture(null);
		if (message.chord() != null && message.group() != null) {
			stored.join();
			joinChord(message, TaskState.FAILURE, exc);
		}
		if (message.errbacks() != null) {
			String rootId = (message.rootId() != null) ? message.rootId() : message.id();
			for (JsonNode errback : message.errbacks()) {
				sendFollowUp(errback, WireJson.NODES.stringNode(message.id()), rootId, message.id(), null);
			}
		}
		return stored;
	}

	private static void addChild(ArrayNode children, JsonNode child) {
		if (!child.isNull()) {
			children.add(child);
		}
	}

	private JsonNode sendFollowUp(JsonNode signature, JsonNode firstArgument, String rootId, String parentId,
			@Nullable ArrayNode chain) {
		try {
			return this.followUps.send(signature, firstArgument, rootId, parentId, chain);
		}
		catch (RuntimeException ex) {
			// The task's own outcome stands; a follow-up that cannot be sent is logged whole.
			logger.error("Could not send follow-up " + signature + " of task " + parentId + ": " + ex.getMessage(), ex);
			return WireJson.NODES.nullNode();
		}
	}



	private CompletableFuture<?> store(TaskMessage message, Delivery delivery, TaskState state, @Nullable JsonNode result,
			@Nullable String traceback, @Nullable ArrayNode children) {
		return this.backend.store(message.id(), resultJson(message, delivery, state, result, traceback, children));
	}

	private String resultJson(TaskMessage message, Delivery delivery, TaskState state, @Nullable JsonNode result,
			@Nullable String traceback, @Nullable ArrayNode children) {
		ObjectNode extended = this.settings.resultExtended() ? extended(message, delivery) : null;
		return ResultMeta.encode(state, result, traceback, message.id(), message.group(), message.parentId(),
				children, extended, Instant.now());
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
