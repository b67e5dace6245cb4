package io.celeryapi.internal.worker;

/**
 * Arguments that do not bind to a task method: reported as Python's {@code TypeError}.
 */
public class TaskArgumentException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message the message, worded like Python's
	 */
	public TaskArgumentException(String message) {
		super(message);
	}

}
