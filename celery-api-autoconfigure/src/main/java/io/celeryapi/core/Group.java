package io.celeryapi.core;

import java.util.Arrays;
import java.util.List;

/**
 * Tasks that run in parallel (Celery's {@code group}). Send it to get a
 * {@link GroupResult}, or use it as the header of a {@link Chord}.
 *
 * @author celery-api
 * @since 0.1.0
 */
public final class Group {

	private final List<Signature<?>> tasks;

	private Group(List<Signature<?>> tasks) {
		if (tasks.isEmpty()) {
			throw new IllegalArgumentException("A group needs at least one task");
		}
		this.tasks = List.copyOf(tasks);
	}

	/**
	 * A group of tasks.
	 * @param tasks the tasks
	 * @return the group
	 */
	public static Group of(Signature<?>... tasks) {
		return new Group(Arrays.asList(tasks));
	}

	/**
	 * A group of tasks.
	 * @param tasks the tasks
	 * @return the group
	 */
	public static Group of(List<? extends Signature<?>> tasks) {
		return new Group(List.copyOf(tasks));
	}

	/**
	 * The tasks.
	 * @return the tasks, in order
	 */
	public List<Signature<?>> getTasks() {
		return this.tasks;
	}

	@Override
	public String toString() {
		return "group" + this.tasks;
	}

}
