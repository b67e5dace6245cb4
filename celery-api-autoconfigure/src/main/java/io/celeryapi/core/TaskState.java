package io.celeryapi.core;

import org.jspecify.annotations.Nullable;

/**
 * The states of a task as Celery's result backend stores them.
 *
 * @author celery-api
 * @since 0.1.0
 */
public enum TaskState {

	/** Unknown to the backend: waiting, or never sent. */
	PENDING,

	/** Received by a worker (events only). */
	RECEIVED,

	/** Started (stored only when track-started is on). */
	STARTED,

	/** Finished with a result. */
	SUCCESS,

	/** Failed with an exception. */
	FAILURE,

	/** Failed and scheduled to run again. */
	RETRY,

	/** Revoked or expired; it will not run. */
	REVOKED;

	/**
	 * Whether this state is final.
	 * @return {@code true} for SUCCESS, FAILURE and REVOKED
	 */
	public boolean isReady() {
		return this == SUCCESS || this == FAILURE || this == REVOKED;
	}

	/**
	 * Parses a stored status, treating unknown or missing values as PENDING.
	 * @param status the stored status text
	 * @return the state
	 */
	public static TaskState of(@Nullable String status) {
		if (status == null) {
			return PENDING;
		}
		return switch (status) {
			case "RECEIVED" -> RECEIVED;
			case "STARTED" -> STARTED;
			case "SUCCESS" -> SUCCESS;
			case "FAILURE" -> FAILURE;
			case "RETRY" -> RETRY;
			case "REVOKED" -> REVOKED;
			default -> PENDING;
		};
	}

}
