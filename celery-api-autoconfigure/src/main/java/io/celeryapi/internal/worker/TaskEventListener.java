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
	 */
	default void failed(TaskMessage message, String exception, String traceback) {
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
