package io.celeryapi.internal.protocol;

import org.jspecify.annotations.Nullable;

/**
 * A message the worker cannot run: not JSON, a refused serializer, a malformed body. It
 * carries the task id and name when the message revealed them, so that a FAILURE can be
 * stored for a waiting caller.
 */
public class MalformedMessageException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final @Nullable String taskId;

	private final @Nullable String taskName;

	private final String excType;

	/**
	 * Creates the exception.
	 * @param message what is wrong
	 * @param taskId the task id, if known
	 * @param taskName the task name, if known
	 * @param excType the Celery-side exception type to report
	 */
	public MalformedMessageException(String message, @Nullable String taskId, @Nullable String taskName,
			String excType) {
		super(message);
		this.taskId = taskId;
		this.taskName = taskName;
		this.excType = excType;
	}

	/**
	 * The task id, if the message revealed it.
	 * @return the id or {@code null}
	 */
	public @Nullable String getTaskId() {
		return this.taskId;
	}

	/**
	 * The task name, if the message revealed it.
	 * @return the name or {@code null}
	 */
	public @Nullable String getTaskName() {
		return this.taskName;
	}

	/**
	 * The exception type stored in the FAILURE result.
	 * @return the type name
	 */
	public String getExcType() {
		return this.excType;
	}

}
