package io.celeryapi.internal;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.celeryapi.core.AsyncResult;
import io.celeryapi.core.CeleryException;
import io.celeryapi.core.CeleryTimeoutException;
import io.celeryapi.core.TaskState;
import io.celeryapi.internal.protocol.ResultMeta;
import io.celeryapi.internal.redis.RedisResultBackend;

import org.jspecify.annotations.Nullable;
import org.springframework.core.ParameterizedTypeReference;

/**
 * The {@link AsyncResult} of a task whose result lives in the Redis result backend.
 *
 * @param <T> the result type
 */
public final class DefaultAsyncResult<T> implements AsyncResult<T> {

	private final String id;

	private final String taskName;

	private final RedisResultBackend backend;

	private final JsonMapper mapper;

	private final JavaType resultType;

	private volatile @Nullable CompletableFuture<ResultMeta> ready;

	private volatile @Nullable AsyncResult<?> parent;


	/**
	 * Creates a handle.
	 * @param id the task id
	 * @param taskName the task name, for messages
	 * @param backend the result backend
	 * @param mapper converts results
	 * @param resultType the declared result type
	 */
	public DefaultAsyncResult(String id, String taskName, RedisResultBackend backend, JsonMapper mapper,
			JavaType resultType) {
		this.id = id;
		this.taskName = taskName;
		this.backend = backend;
		this.mapper = mapper;
		this.resultType = resultType;
	}

	/**
	 * Links this handle to the task before it in a chain.
	 * @param parent the parent's handle
	 * @return this handle
	 */
	public DefaultAsyncResult<T> withParent(@Nullable AsyncResult<?> parent) {
		this.parent = parent;
		return this;
	}

	@Override
	public @Nullable AsyncResult<?> parent() {
		return this.parent;
	}

	/**
	 * Starts waiting now, before the task is even published, so that nothing is missed.
	 * @return this handle
	 */
	public DefaultAsyncResult<T> watch() {
		readyFuture();
		return this;
	}

	/**
	 * Stops waiting, for a task that was never sent.
	 */
	public void stopWatching() {
		if (this.ready != null) {
			this.backend.unwatch(this.id);
			this.ready = null;
		}
	}

	private CompletableFuture<ResultMeta> readyFuture() {
		CompletableFuture<ResultMeta> future = this.ready;
		if (future == null || future.isCancelled()) {
			future = this.backend.watch(this.id);
			this.ready = future;
		}
		return future;
	}

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public @Nullable T get(Duration timeout) {
		return decode(await(timeout), this.resultType);
	}

	@Override
	public <R> @Nullable R get(Duration timeout, Class<R> type) {
		return decode(await(timeout), this.mapper.constructType(type));
	}

	@Override
	public <R> @Nullable R get(Duration timeout, ParameterizedTypeReference<R> type) {
		return decode(await(timeout), this.mapper.constructType(type.getType()));
	}

	/**
	 * Waits for the result and converts it to a reflected type.
	 * @param <R> the target type
	 * @param timeout how long to wait
	 * @param type the target type
	 * @return the converted result
	 */
	public <R> @Nullable R get(Duration timeout, Type type) {
		return decode(await(timeout), this.mapper.constructType(type));
	}

	private ResultMeta await(Duration timeout) {
		try {
			return readyFuture().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			throw new CeleryTimeoutException(this.taskName, this.id, timeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CeleryException("Interrupted while waiting for task " + this.taskName + "[" + this.id + "]",
					ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof CeleryException celery) {
				throw celery;
			}
			throw new CeleryException("Could not wait for task " + this.taskName + "[" + this.id + "]: "
					+ ex.getCause().getMessage(), ex.getCause());
		}
	}

	@SuppressWarnings("unchecked")
	private <R> @Nullable R decode(ResultMeta meta, JavaType type) {
		if (meta.state() != TaskState.SUCCESS) {
			throw meta.toException();
		}
		JsonNode result = meta.result();
		if (result == null || result.isNull()) {
			return null;
		}
		try {
			if (result.isValueNode() && !result.isFloatingPointNumber()) {
				return (R) this.mapper.treeToValue(result, type);
			}
			// From the exact text, with the application's mapper: a declared BigDecimal keeps its
			// scale, an untyped float becomes a Double as the application's mapper would make it.
			return (R) this.mapper.readValue(result.toString(), type);
		}
		catch (RuntimeException ex) {
			throw new CeleryException("Cannot convert the result of task " + this.taskName + "[" + this.id + "] to "
					+ type + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public TaskState state() {
		ResultMeta meta = this.backend.get(this.id);
		return (meta != null) ? meta.state() : TaskState.PENDING;
	}

	@Override
	public boolean ready() {
		return state().isReady();
	}

	@Override
	public void forget() {
		this.backend.forget(this.id);
		this.ready = null;
	}

	@Override
	public CompletableFuture<T> toCompletableFuture() {
		// Async: the result arrives on Redis's I/O thread, which the caller's stages must never block.
		return readyFuture().thenApplyAsync((meta) -> decode(meta, this.resultType), this.backend.callbacks());
	}

	@Override
	public String toString() {
		return "AsyncResult[" + this.taskName + ":" + this.id + "]";
	}

}
