package io.celeryapi.internal.redis;

/**
 * kombu's and Celery's Redis key names.
 */
public final class RedisKeys {

	/** kombu's separator for composite keys and binding members. */
	public static final String SEP = "\u0006\u0016";

	/** Hash of delivered-but-unacknowledged messages. */
	public static final String UNACKED = "unacked";

	/** Sorted set of delivery times of unacknowledged messages. */
	public static final String UNACKED_INDEX = "unacked_index";

	/** Lock held while restoring timed-out messages. */
	public static final String UNACKED_MUTEX = "unacked_mutex";

	private static final int[] PRIORITY_STEPS = { 0, 3, 6, 9 };

	private RedisKeys() {
	}

	/**
	 * The Redis list of a queue for a priority: the bare name for 0-2, else
	 * {@code queue SEP step}.
	 * @param queue the queue
	 * @param priority the priority
	 * @return the list key
	 */
	public static String queueKey(String queue, int priority) {
		int step = priorityStep(priority);
		return (step == 0) ? queue : queue + SEP + step;
	}

	/**
	 * All four priority lists of a queue, most urgent first.
	 * @param queue the queue
	 * @return the keys
	 */
	public static String[] queueKeys(String queue) {
		String[] keys = new String[PRIORITY_STEPS.length];
		for (int i = 0; i < keys.length; i++) {
			keys[i] = queueKey(queue, PRIORITY_STEPS[i]);
		}
		return keys;
	}

	/**
	 * The queue a priority list belongs to.
	 * @param key the list key
	 * @return the queue name
	 */
	public static String queueOf(String key) {
		int sep = key.lastIndexOf(SEP);
		return (sep < 0) ? key : key.substring(0, sep);
	}

	static int priorityStep(int priority) {
		int p = Math.max(0, Math.min(9, priority));
		int step = 0;
		for (int s : PRIORITY_STEPS) {
			if (s <= p) {
				step = s;
			}
		}
		return step;
	}

	/**
	 * The set of an exchange's bindings.
	 * @param exchange the exchange
	 * @return the key
	 */
	public static String bindingKey(String exchange) {
		return "_kombu.binding." + exchange;
	}

	/**
	 * A binding member: routing key, pattern and queue joined by {@link #SEP}.
	 * @param routingKey the routing key
	 * @param pattern the pattern, {@code ""} for direct exchanges
	 * @param queue the queue
	 * @return the member
	 */
	public static String bindingMember(String routingKey, String pattern, String queue) {
		return routingKey + SEP + pattern + SEP + queue;
	}

	/**
	 * The result key (and pub/sub channel) of a task.
	 * @param taskId the task id
	 * @return the key
	 */
	public static String resultKey(String taskId) {
		return "celery-task-meta-" + taskId;
	}

}
