package io.celeryapi.internal.worker;

import tools.jackson.databind.JsonNode;

import io.celeryapi.internal.protocol.TaskMessage;

import org.jspecify.annotations.Nullable;

/**
 * Hears what happens to tasks, for Celery's task events. Every method does nothing by
 * default.
 */
public interface TaskEventListener {

	/** A listener that ignores everything. */
	TaskEventListener NONE = new TaskEventListener() {
	};

	/**
	 * A listener that tells each of several listeners, in order.
	 * @param listeners the listeners
	 * @return the composite
	 */
	static TaskEventListener composite(java.util.List<TaskEventListener> listeners) {
		java.util.List<TaskEventListener> all = java.util.List.copyOf(listeners);
		return new TaskEventListener() {
			@Override
			public void received(TaskMessage message) {
				all.forEach((l) -> l.received(message));
			}

			@Override
			public void started(TaskMessage message) {
				all.forEach((l) -> l.started(message));
			}

			@Override
			public void succeeded(TaskMessage message, @Nullable JsonNode result, double runtimeSeconds) {
				all.forEach((l) -> l.succeeded(message, result, runtimeSeconds));
			}

			@Override
			public void failed(TaskMessage message, String exception, String traceback, double runtimeSeconds) {
				all.forEach((l) -> l.failed(message, exception, traceback, runtimeSeconds));
			}

			@Override
			public void retried(TaskMessage message, String exception, String traceback) {
				all.forEach((l) -> l.retried(message, exception, traceback));
			}

			@Override
			public void revoked(TaskMessage message, boolean terminated, boolean expired) {
				all.forEach((l) -> l.revoked(message, terminated, expired));
			}

			@Override
			public void rejected(@Nullable String taskId, String reason) {
				all.forEach((l) -> l.rejected(taskId, reason));
			}
		};
	}

	/**
	 * A task message was received.
	 * @param message the message
	 */
	default void received(TaskMessage message) {
	}

	/**
	 * A task started.
	 * @param message the message
	 */
	default void started(TaskMessage message) {
	}

	/**
	 * A task succeeded.
	 * @param message the message
	 * @param result its result
	 * @param runtimeSeconds how long it ran
	 */
	default void succeeded(TaskMessage message, @Nullable JsonNode result, double runtimeSeconds) {
	}

	/**
	 * A task failed.
	 * @param message the message
	 * @param exception the exception's repr
	 * @param traceback the traceback
	 * @param runtimeSeconds how long it ran
	 */
	default void failed(TaskMessage message, String exception, String traceback, double runtimeSeconds) {
	}

	/**
	 * A task failed and was sent again to retry.
	 * @param message the message
	 * @param exception the exception's repr
	 * @param traceback the traceback
	 */
	default void retried(TaskMessage message, String exception, String traceback) {
	}

	/**
	 * A task was revoked or expired.
	 * @param message the message
	 * @param terminated whether it was interrupted while running
	 * @param expired whether it expired
	 */
	default void revoked(TaskMessage message, boolean terminated, boolean expired) {
	}

	/**
	 * A task message was rejected.
	 * @param taskId the task id, if known
	 * @param reason why
	 */
	default void rejected(@Nullable String taskId, String reason) {
	}

}
