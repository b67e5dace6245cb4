package io.celeryapi.internal.control;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.celeryapi.internal.protocol.TaskMessage;
import io.celeryapi.internal.worker.Delivery;
import io.celeryapi.internal.worker.WorkerState;
import io.celeryapi.worker.TaskRegistry;
import io.celeryapi.worker.WorkerSettings;

/**
 * What remote control may see and change of a worker.
 */
public interface WorkerControl {

	/**
	 * The worker's settings.
	 * @return the settings
	 */
	WorkerSettings settings();

	/**
	 * The registered tasks.
	 * @return the registry
	 */
	TaskRegistry registry();

	/**
	 * The live state.
	 * @return the state
	 */
	WorkerState state();

	/**
	 * The queues consumed now.
	 * @return the queue names
	 */
	List<String> queues();

	/**
	 * Starts consuming a queue.
	 * @param queue the queue
	 * @return {@code false} when already consumed
	 */
	boolean addQueue(String queue);

	/**
	 * Stops consuming a queue.
	 * @param queue the queue
	 * @return {@code false} when not consumed
	 */
	boolean cancelQueue(String queue);

	/**
	 * Messages taken but not started, decoded where possible.
	 * @return the deliveries and their messages
	 */
	Map<Delivery, TaskMessage> reserved();

	/**
	 * Messages waiting for their eta.
	 * @return the deliveries with messages and etas
	 */
	Map<Delivery, Map.Entry<TaskMessage, Instant>> scheduled();

	/**
	 * Enables or disables task events.
	 * @param enabled whether to send task events
	 * @return {@code false} when that was the setting already
	 */
	boolean setTaskEvents(boolean enabled);

	/**
	 * Sets a task's rate limit.
	 * @param task the task name
	 * @param rateLimit Celery's rate, for example {@code 10/m}, or {@code null} to remove
	 */
	void setRateLimit(String task, String rateLimit);

	/**
	 * Sets a task's time limits.
	 * @param task the task name
	 * @param soft the soft limit in seconds, or {@code null}
	 * @param hard the hard limit in seconds, or {@code null}
	 */
	void setTimeLimits(String task, Double soft, Double hard);

	/**
	 * Keeps revoked ids in Redis, so that workers started later, and this one after a
	 * restart, still discard them.
	 * @param taskIds the ids
	 */
	void persistRevoked(List<String> taskIds);

	/**
	 * Shuts the worker down, when allowed.
	 * @return {@code false} when remote shutdown is disabled
	 */
	boolean shutdown();

	/**
	 * Settings shown by {@code inspect conf}, with credentials masked.
	 * @return the settings
	 */
	Map<String, Object> conf();

}
