package io.celeryapi.core;

import java.time.Duration;

/**
 * Thrown when a task's result did not arrive in time. The task may still run.
 *
 * @author celery-api
 * @since 0.1.0
 */
public class CeleryTimeoutException extends CeleryException {

	private static final long serialVersionUID = 1L;

	private final String taskName;

	private final String taskId;

	/**
	 * Creates an exception for a task that did not answer.
	 * @param taskName the task name, or {@code "?"} when not known
	 * @param taskId the task id
	 * @param timeout how long the caller waited
	 */
	public CeleryTimeoutException(String taskName, String taskId, Duration timeout) {
		super("Task " + taskName + "[" + taskId + "] did not complete within " + timeout.toMillis() + " ms");
		this.taskName = taskName;
		this.taskId = taskId;
	}

	/**
	 * The name of the task that timed out.
	 * @return the task name
	 */
	public String getTaskName() {
		return this.taskName;
	}

	/**
	 * The id of the task that timed out.
	 * @return the task id
	 */
	public String getTaskId() {
		return this.taskId;
	}

}
