package io.celeryapi.core;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Some tasks of a group failed. Carries every failure by task id and the results of the
 * tasks that succeeded, in group order ({@code null} where a task failed).
 *
 * @author celery-api
 * @since 0.1.0
 */
public class CeleryGroupException extends CeleryException {

	private static final long serialVersionUID = 1L;

	private final transient Map<String, CeleryRemoteException> failures;

	private final transient List<@Nullable Object> results;

	/**
	 * Creates the exception.
	 * @param groupId the group id
	 * @param failures the failures by task id
	 * @param results the results in group order
	 */
	public CeleryGroupException(String groupId, Map<String, CeleryRemoteException> failures,
			List<@Nullable Object> results) {
		super(failures.size() + " of " + results.size() + " tasks of group " + groupId + " failed: "
				+ failures.values().stream().map(CeleryRemoteException::getMessage).toList());
		this.failures = Map.copyOf(failures);
		this.results = Collections.unmodifiableList(results);
	}

	/**
	 * The failures, by task id.
	 * @return the failures
	 */
	public Map<String, CeleryRemoteException> getFailures() {
		return this.failures;
	}

	/**
	 * Every result in group order, {@code null} where the task failed.
	 * @return the results
	 */
	public List<@Nullable Object> getResults() {
		return this.results;
	}

}
