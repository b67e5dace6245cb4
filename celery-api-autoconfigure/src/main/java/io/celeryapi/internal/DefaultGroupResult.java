package io.celeryapi.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.celeryapi.core.AsyncResult;
import io.celeryapi.core.CeleryGroupException;
import io.celeryapi.core.CeleryRemoteException;
import io.celeryapi.core.GroupResult;

import org.jspecify.annotations.Nullable;

/**
 * The results of a sent group, each awaited through the shared result watcher.
 */
public final class DefaultGroupResult implements GroupResult {

	private final String id;

	private final List<AsyncResult<Object>> results;

	/**
	 * Creates a group result.
	 * @param id the group id
	 * @param results the members' handles, in order
	 */
	public DefaultGroupResult(String id, List<AsyncResult<Object>> results) {
		this.id = id;
		this.results = List.copyOf(results);
	}

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public List<AsyncResult<Object>> results() {
		return this.results;
	}

	@Override
	public List<Object> join(Duration timeout) {
		return join(timeout, Object.class);
	}

	@Override
	public <R> List<R> join(Duration timeout, Class<R> type) {
		long deadline = System.nanoTime() + timeout.toNanos();
		List<@Nullable R> values = new ArrayList<>();
		Map<String, CeleryRemoteException> failures = new LinkedHashMap<>();
		for (AsyncResult<Object> result : this.results) {
			Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
			try {
				values.add(result.get(left, type));
			}
			catch (CeleryRemoteException ex) {
				failures.put(result.id(), ex);
				values.add(null);
			}
		}
		if (!failures.isEmpty()) {
			throw new CeleryGroupException(this.id, failures, new ArrayList<>(values));
		}
		return values;
	}

	@Override
	public String toString() {
		return "GroupResult[" + this.id + "]" + this.results;
	}

}
