package io.celeryapi.core;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * How one task is sent: where to, when, for how long it stays valid, and what runs after
 * it. Immutable; build one with {@link #builder()} and layer two with {@link #merge}.
 * Every option maps to the {@code apply_async} argument of the same name in Celery.
 *
 * @author celery-api
 * @since 0.1.0
 */
public final class TaskOptions {

	private static final TaskOptions NONE = builder().build();

	private final @Nullable String queue;

	private final @Nullable String exchange;

	private final @Nullable String routingKey;

	private final @Nullable Duration countdown;

	private final @Nullable Instant eta;

	private final @Nullable Instant expires;

	private final @Nullable Duration expiresIn;

	private final @Nullable Integer priority;

	private final @Nullable String taskId;

	private final Map<String, Object> headers;

	private final @Nullable Boolean ignoreResult;

	private final @Nullable Duration timeLimit;

	private final @Nullable Duration softTimeLimit;

	private final List<Signature<?>> link;

	private final List<Signature<?>> linkError;

	private final @Nullable String shadow;

	private TaskOptions(Builder b) {
		this.queue = b.queue;
		this.exchange = b.exchange;
		this.routingKey = b.routingKey;
		this.countdown = b.countdown;
		this.eta = b.eta;
		this.expires = b.expires;
		this.expiresIn = b.expiresIn;
		this.priority = b.priority;
		this.taskId = b.taskId;
		this.headers = Map.copyOf(b.headers);
		this.ignoreResult = b.ignoreResult;
		this.timeLimit = b.timeLimit;
		this.softTimeLimit = b.softTimeLimit;
		this.link = List.copyOf(b.link);
		this.linkError = List.copyOf(b.linkError);
		this.shadow = b.shadow;
	}

	/**
	 * Options that set nothing: every value comes from the defaults.
	 * @return empty options
	 */
	public static TaskOptions none() {
		return NONE;
	}

	/**
	 * A builder for new options.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * A builder that starts from these options.
	 * @return a builder
	 */
	public Builder toBuilder() {
		Builder b = new Builder();
		b.queue = this.queue;
		b.exchange = this.exchange;
		b.routingKey = this.routingKey;
		b.countdown = this.countdown;
		b.eta = this.eta;
		b.expires = this.expires;
		b.expiresIn = this.expiresIn;
		b.priority = this.priority;
		b.taskId = this.taskId;
		b.headers.putAll(this.headers);
		b.ignoreResult = this.ignoreResult;
		b.timeLimit = this.timeLimit;
		b.softTimeLimit = this.softTimeLimit;
		b.link.addAll(this.link);
		b.linkError.addAll(this.linkError);
		b.shadow = this.shadow;
		return b;
	}

	/**
	 * Layers {@code overrides} on top of these options: every value the overrides set wins,
	 * headers are merged, and link lists are concatenated.
	 * @param overrides the options that win
	 * @return the merged options
	 */
	public TaskOptions merge(TaskOptions overrides) {
		if (overrides == NONE) {
			return this;
		}
		if (this == NONE) {
			return overrides;
		}
		Builder b = toBuilder();
		if (overrides.queue != null) {
			b.queue = overrides.queue;
		}
		if (overrides.exchange != null) {
			b.exchange = overrides.exchange;
		}
		if (overrides.routingKey != null) {
			b.routingKey = overrides.routingKey;
		}
		if (overrides.countdown != null) {
			b.countdown = overrides.countdown;
			b.eta = null;
		}
		if (overrides.eta != null) {
			b.eta = overrides.eta;
			b.countdown = null;
		}
		if (overrides.expires != null) {
			b.expires = overrides.expires;
			b.expiresIn = null;
		}
		if (overrides.expiresIn != null) {
			b.expiresIn = overrides.expiresIn;
			b.expires = null;
		}
		if (overrides.priority != null) {
			b.priority = overrides.priority;
		}
		if (overrides.taskId != null) {
			b.taskId = overrides.taskId;
		}
		b.headers.putAll(overrides.headers);
		if (overrides.ignoreResult != null) {
			b.ignoreResult = overrides.ignoreResult;
		}
		if (overrides.timeLimit != null) {
			b.timeLimit = overrides.timeLimit;
		}
		if (overrides.softTimeLimit != null) {
			b.softTimeLimit = overrides.softTimeLimit;
		}
		b.link.addAll(overrides.link);
		b.linkError.addAll(overrides.linkError);
		if (overrides.shadow != null) {
			b.shadow = overrides.shadow;
		}
		return b.build();
	}

	/**
	 * The queue to send to ({@code queue}).
	 * @return the queue, or {@code null} for the route or default queue
	 */
	public @Nullable String getQueue() {
		return this.queue;
	}

	/**
	 * A named exchange to route through; its bindings in Redis choose the queues.
	 * @return the exchange, or {@code null} to publish straight to the queue
	 */
	public @Nullable String getExchange() {
		return this.exchange;
	}

	/**
	 * The routing key used with {@link #getExchange()}.
	 * @return the routing key, or {@code null}
	 */
	public @Nullable String getRoutingKey() {
		return this.routingKey;
	}

	/**
	 * Delay before the task may run ({@code countdown}).
	 * @return the countdown, or {@code null}
	 */
	public @Nullable Duration getCountdown() {
		return this.countdown;
	}

	/**
	 * Earliest time the task may run ({@code eta}).
	 * @return the eta, or {@code null}
	 */
	public @Nullable Instant getEta() {
		return this.eta;
	}

	/**
	 * Time after which the task must not run ({@code expires}).
	 * @return the absolute expiry, or {@code null}
	 */
	public @Nullable Instant getExpires() {
		return this.expires;
	}

	/**
	 * Time from sending after which the task must not run.
	 * @return the relative expiry, or {@code null}
	 */
	public @Nullable Duration getExpiresIn() {
		return this.expiresIn;
	}

	/**
	 * Message priority 0-9; on Redis a lower number is consumed first.
	 * @return the priority, or {@code null}
	 */
	public @Nullable Integer getPriority() {
		return this.priority;
	}

	/**
	 * A task id chosen by the caller.
	 * @return the id, or {@code null} for a fresh UUID
	 */
	public @Nullable String getTaskId() {
		return this.taskId;
	}

	/**
	 * Custom message headers.
	 * @return the headers, never {@code null}
	 */
	public Map<String, Object> getHeaders() {
		return this.headers;
	}

	/**
	 * Whether the worker stores no result ({@code ignore_result}).
	 * @return the flag, or {@code null} for the default
	 */
	public @Nullable Boolean getIgnoreResult() {
		return this.ignoreResult;
	}

	/**
	 * Hard time limit ({@code time_limit}).
	 * @return the limit, or {@code null}
	 */
	public @Nullable Duration getTimeLimit() {
		return this.timeLimit;
	}

	/**
	 * Soft time limit ({@code soft_time_limit}).
	 * @return the limit, or {@code null}
	 */
	public @Nullable Duration getSoftTimeLimit() {
		return this.softTimeLimit;
	}

	/**
	 * Signatures to send with this task's result on success ({@code link}).
	 * @return the callbacks
	 */
	public List<Signature<?>> getLink() {
		return this.link;
	}

	/**
	 * Signatures to send with this task's id on failure ({@code link_error}).
	 * @return the errbacks
	 */
	public List<Signature<?>> getLinkError() {
		return this.linkError;
	}

	/**
	 * Name shown in logs and monitors instead of the task name ({@code shadow}).
	 * @return the shadow name, or {@code null}
	 */
	public @Nullable String getShadow() {
		return this.shadow;
	}

	@Override
	public boolean equals(@Nullable Object o) {
		if (this == o) {
			return true;
		}
		if (!(o instanceof TaskOptions other)) {
			return false;
		}
		return Objects.equals(this.queue, other.queue) && Objects.equals(this.exchange, other.exchange)
				&& Objects.equals(this.routingKey, other.routingKey) && Objects.equals(this.countdown, other.countdown)
				&& Objects.equals(this.eta, other.eta) && Objects.equals(this.expires, other.expires)
				&& Objects.equals(this.expiresIn, other.expiresIn) && Objects.equals(this.priority, other.priority)
				&& Objects.equals(this.taskId, other.taskId) && this.headers.equals(other.headers)
				&& Objects.equals(this.ignoreResult, other.ignoreResult)
				&& Objects.equals(this.timeLimit, other.timeLimit)
				&& Objects.equals(this.softTimeLimit, other.softTimeLimit) && this.link.equals(other.link)
				&& this.linkError.equals(other.linkError) && Objects.equals(this.shadow, other.shadow);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.queue, this.exchange, this.routingKey, this.countdown, this.eta, this.expires,
				this.expiresIn, this.priority, this.taskId, this.headers, this.ignoreResult, this.timeLimit,
				this.softTimeLimit, this.link, this.linkError, this.shadow);
	}

	@Override
	public String toString() {
		Map<String, Object> set = new LinkedHashMap<>();
		putIfSet(set, "queue", this.queue);
		putIfSet(set, "exchange", this.exchange);
		putIfSet(set, "routingKey", this.routingKey);
		putIfSet(set, "countdown", this.countdown);
		putIfSet(set, "eta", this.eta);
		putIfSet(set, "expires", this.expires);
		putIfSet(set, "expiresIn", this.expiresIn);
		putIfSet(set, "priority", this.priority);
		putIfSet(set, "taskId", this.taskId);
		putIfSet(set, "ignoreResult", this.ignoreResult);
		putIfSet(set, "timeLimit", this.timeLimit);
		putIfSet(set, "softTimeLimit", this.softTimeLimit);
		putIfSet(set, "shadow", this.shadow);
		if (!this.headers.isEmpty()) {
			set.put("headers", this.headers);
		}
		if (!this.link.isEmpty()) {
			set.put("link", this.link);
		}
		if (!this.linkError.isEmpty()) {
			set.put("linkError", this.linkError);
		}
		return "TaskOptions" + set;
	}

	private static void putIfSet(Map<String, Object> map, String key, @Nullable Object value) {
		if (value != null) {
			map.put(key, value);
		}
	}

	/**
	 * Builds {@link TaskOptions}.
	 */
	public static final class Builder {

		private @Nullable String queue;

		private @Nullable String exchange;

		private @Nullable String routingKey;

		private @Nullable Duration countdown;

		private @Nullable Instant eta;

		private @Nullable Instant expires;

		private @Nullable Duration expiresIn;

		private @Nullable Integer priority;

		private @Nullable String taskId;

		private final Map<String, Object> headers = new LinkedHashMap<>();

		private @Nullable Boolean ignoreResult;

		private @Nullable Duration timeLimit;

		private @Nullable Duration softTimeLimit;

		private final java.util.ArrayList<Signature<?>> link = new java.util.ArrayList<>();

		private final java.util.ArrayList<Signature<?>> linkError = new java.util.ArrayList<>();

		private @Nullable String shadow;

		private Builder() {
		}

		/**
		 * Sends to this queue.
		 * @param queue the queue name
		 * @return this builder
		 */
		public Builder queue(@Nullable String queue) {
			this.queue = queue;
			return this;
		}

		/**
		 * Routes through a named exchange with a routing key.
		 * @param exchange the exchange name
		 * @param routingKey the routing key
		 * @return this builder
		 */
		public Builder exchange(@Nullable String exchange, @Nullable String routingKey) {
			this.exchange = exchange;
			this.routingKey = routingKey;
			return this;
		}

		/**
		 * Runs no earlier than this delay after sending.
		 * @param countdown the delay
		 * @return this builder
		 */
		public Builder countdown(@Nullable Duration countdown) {
			this.countdown = countdown;
			this.eta = null;
			return this;
		}

		/**
		 * Runs no earlier than this time.
		 * @param eta the earliest time
		 * @return this builder
		 */
		public Builder eta(@Nullable Instant eta) {
			this.eta = eta;
			this.countdown = null;
			return this;
		}

		/**
		 * Must not run after this time.
		 * @param expires the expiry time
		 * @return this builder
		 */
		public Builder expires(@Nullable Instant expires) {
			this.expires = expires;
			this.expiresIn = null;
			return this;
		}

		/**
		 * Must not run later than this after sending.
		 * @param expiresIn the time to live
		 * @return this builder
		 */
		public Builder expiresIn(@Nullable Duration expiresIn) {
			this.expiresIn = expiresIn;
			this.expires = null;
			return this;
		}

		/**
		 * Sets the priority, 0-9 (0 is consumed first on Redis).
		 * @param priority the priority
		 * @return this builder
		 */
		public Builder priority(@Nullable Integer priority) {
			if (priority != null && (priority < 0 || priority > 255)) {
				throw new IllegalArgumentException("priority must be between 0 and 9, was " + priority);
			}
			this.priority = priority;
			return this;
		}

		/**
		 * Uses this task id instead of a fresh UUID.
		 * @param taskId the id
		 * @return this builder
		 */
		public Builder taskId(@Nullable String taskId) {
			this.taskId = taskId;
			return this;
		}

		/**
		 * Adds a custom message header.
		 * @param name the header name
		 * @param value the header value (JSON-mappable)
		 * @return this builder
		 */
		public Builder header(String name, Object value) {
			this.headers.put(name, value);
			return this;
		}

		/**
		 * Asks the worker to store no result.
		 * @param ignoreResult whether to ignore the result
		 * @return this builder
		 */
		public Builder ignoreResult(@Nullable Boolean ignoreResult) {
			this.ignoreResult = ignoreResult;
			return this;
		}

		/**
		 * Sets the hard time limit.
		 * @param timeLimit the limit
		 * @return this builder
		 */
		public Builder timeLimit(@Nullable Duration timeLimit) {
			this.timeLimit = timeLimit;
			return this;
		}

		/**
		 * Sets the soft time limit.
		 * @param softTimeLimit the limit
		 * @return this builder
		 */
		public Builder softTimeLimit(@Nullable Duration softTimeLimit) {
			this.softTimeLimit = softTimeLimit;
			return this;
		}

		/**
		 * Adds a callback sent with this task's result on success.
		 * @param callback the callback signature
		 * @return this builder
		 */
		public Builder link(Signature<?> callback) {
			this.link.add(callback);
			return this;
		}

		/**
		 * Adds an errback sent with this task's id on failure.
		 * @param errback the errback signature
		 * @return this builder
		 */
		public Builder linkError(Signature<?> errback) {
			this.linkError.add(errback);
			return this;
		}

		/**
		 * Shows this name in logs and monitors instead of the task name.
		 * @param shadow the display name
		 * @return this builder
		 */
		public Builder shadow(@Nullable String shadow) {
			this.shadow = shadow;
			return this;
		}

		/**
		 * Builds the options.
		 * @return immutable options
		 */
		public TaskOptions build() {
			return new TaskOptions(this);
		}

	}

}
