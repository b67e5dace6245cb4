package io.celeryapi.worker;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

import org.jspecify.annotations.Nullable;

/**
 * The tasks this application serves, by name.
 *
 * @author celery-api
 * @since 0.1.0
 */
public class TaskRegistry {

	private final Map<String, TaskEndpoint> endpoints = new ConcurrentSkipListMap<>();

	/**
	 * Registers a task.
	 * @param endpoint the task
	 * @throws IllegalStateException when another method already has the name
	 */
	public void register(TaskEndpoint endpoint) {
		TaskEndpoint existing = this.endpoints.putIfAbsent(endpoint.getName(), endpoint);
		if (existing != null && existing != endpoint) {
			throw new IllegalStateException("Task name '" + endpoint.getName() + "' is used twice: by "
					+ existing.getMethod() + " and by " + endpoint.getMethod());
		}
	}

	/**
	 * Looks a task up.
	 * @param name the task name
	 * @return the task, or {@code null} when unknown
	 */
	public @Nullable TaskEndpoint get(String name) {
		return this.endpoints.get(name);
	}

	/**
	 * All tasks, sorted by name.
	 * @return the tasks
	 */
	public Collection<TaskEndpoint> getEndpoints() {
		return Collections.unmodifiableCollection(this.endpoints.values());
	}

	/**
	 * Whether no task is registered.
	 * @return {@code true} when empty
	 */
	public boolean isEmpty() {
		return this.endpoints.isEmpty();
	}

}
