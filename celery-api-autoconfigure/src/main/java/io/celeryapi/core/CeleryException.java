package io.celeryapi.core;

import org.jspecify.annotations.Nullable;

/**
 * Base class of the exceptions celery-api throws.
 *
 * @author celery-api
 * @since 0.1.0
 */
public class CeleryException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param message the detail message
	 */
	public CeleryException(String message) {
		super(message);
	}

	/**
	 * Creates an exception with a cause.
	 * @param message the detail message
	 * @param cause the cause
	 */
	public CeleryException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
