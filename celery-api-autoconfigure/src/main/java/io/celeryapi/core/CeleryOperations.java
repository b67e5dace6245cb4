package io.celeryapi.core;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * Calls Celery tasks by name, on Java or Python workers. Implemented by
 * {@link CeleryTemplate}.
 *
 * @author celery-api
 * @since 0.1.0
 */
public interface CeleryOperations {

	/**
	 * Sends a task by name.
	 * @param name the task name, for example {@code accounts.open}
	 * @param args positional arguments
	 * @param kwargs keyword arguments
	 * @param options how to send it
	 * @return a handle on the result
	 */
	AsyncResult<Object> sendTask(String name, List<?> args, Map<String, ?> kwargs, TaskOptions options);

	/**
	 * Sends a task by name without waiting until Redis has it: calls made in a row, or
	 * from many threads, share Redis round trips. Use it to send many tasks fast.
	 * @param name the task name
	 * @param args positional arguments
	 * @param kwargs keyword arguments
	 * @param options how to send it
	 * @return completes with a handle on the result once Redis has the task, or
	 * exceptionally with a {@link CeleryException} when it could not be sent
	 */
	CompletableFuture<AsyncResult<Object>> sendTaskAsync(String name, List<?> args, Map<String, ?> kwargs,
			TaskOptions options);

	/**
	 * Sends a task by name with positional arguments and default options.
	 * @param name the task name
	 * @param args positional arguments
	 * @return a handle on the result
	 */
	default AsyncResult<Object> sendTask(String name, @Nullable Object... args) {
		return sendTask(name, Arrays.asList(args), Map.of(), TaskOptions.none());
	}

	/**
	 * Sends a signature.
	 * @param <T> the result type
	 * @param signature the call to send
	 * @return a handle on the result
	 */
	<T> AsyncResult<T> send(Signature<T> signature);

	/**
	 * Sends a chain: the first task now, the others by the workers, each with the previous
	 * result.
	 * @param <T> the last task's result type
	 * @param chain the chain
	 * @return a handle on the last task's result; {@link AsyncResult#parent()} walks back
	 */
	<T> AsyncResult<T> send(Chain<T> chain);

	/**
	 * Sends a group: all tasks at once.
	 * @param group the group
	 * @return the group's results
	 */
	GroupResult send(Group group);

	/**
	 * Sends a chord: the header tasks at once, the body when all of them finished.
	 * @param <T> the body's result type
	 * @param chord the chord
	 * @return a handle on the body's result
	 */
	<T> AsyncResult<T> send(Chord<T> chord);

	/**
	 * A handle on the result of a task sent earlier, by anyone.
	 * @param taskId the task id
	 * @return a handle on its result
	 */
	AsyncResult<Object> asyncResult(String taskId);

}
