package io.celeryapi.internal.worker;

import java.time.Instant;
import java.util.Map;

import io.celeryapi.core.TaskContext;
import io.celeryapi.internal.protocol.TaskMessage;
import io.celeryapi.internal.protocol.WireJson;

import org.jspecify.annotations.Nullable;

/**
 * The {@link TaskContext} of a running task, read from its message.
 */
public final class DefaultTaskContext implements TaskContext {

	private final TaskMessage message;

	private final String queue;

	private final String hostname;

	/**
	 * Creates a context.
	 * @param message the task message
	 * @param queue the queue it came from
	 * @param hostname the worker's node name
	 */
	public DefaultTaskContext(TaskMessage message, String queue, String hostname) {
		this.message = message;
		this.queue = queue;
		this.hostname = hostname;
	}

	@Override
	public String id() {
		return this.message.id();
	}

	@Override
	public String name() {
		return this.message.task();
	}

	@Override
	public int retries() {
		return this.message.retries();
	}

	@Override
	public @Nullable String parentId() {
		return this.message.parentId();
	}

	@Override
	public @Nullable String rootId() {
		return this.message.rootId();
	}

	@Override
	public @Nullable String groupId() {
		return this.message.group();
	}

	@Override
	public @Nullable Instant eta() {
		return this.message.eta();
	}

	@Override
	public @Nullable Instant expires() {
		return this.message.expires();
	}

	@Override
	public String queue() {
		return this.queue;
	}

	@Override
	public String hostname() {
		return this.hostname;
	}

	@Override
	public boolean redelivered() {
		return this.message.headers().path("redelivered").asBoolean(false);
	}

	@Override
	@SuppressWarnings("unchecked")
	public Map<String, Object> headers() {
		return WireJson.MAPPER.convertValue(this.message.headers(), Map.class);
	}

	@Override
	public String toString() {
		return "TaskContext[" + name() + ":" + id() + "]";
	}

}
