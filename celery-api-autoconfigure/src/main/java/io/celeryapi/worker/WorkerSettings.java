package io.celeryapi.worker;

import java.time.Duration;
import java.util.List;

import org.springframework.util.Assert;

/**
 * How a {@link CeleryWorker} consumes and runs tasks.
 *
 * @param hostname the node name, for example {@code celery@host}
 * @param queues the queues to consume, in order
 * @param concurrency how many tasks run at once
 * @param prefetch how many messages may be taken but not finished
 * @param acksLate default acknowledgement mode: after the task (at least once)
 * @param trackStarted whether a STARTED state is stored
 * @param resultExtended whether results carry name, args, kwargs, worker, retries and
 * queue
 * @param shutdownTimeout how long running tasks may finish at shutdown
 * @param maxMessageSize largest envelope accepted, in bytes (characters)
 * @param deadLetterKey the Redis list that keeps rejected messages
 * @param visibilityTimeout how long a message may stay unacknowledged before it is
 * restored
 * @param restoreInterval how often timed-out messages are looked for
 * @param remoteShutdown whether {@code celery control shutdown} may stop the worker
 * @param sendTaskEvents whether task events are sent from the start
 * @param timeLimit default hard time limit, zero for none
 * @param softTimeLimit default soft time limit, zero for none
 * @param revokedExpires how long revoked ids are kept in Redis
 * @author celery-api
 * @since 0.1.0
 */
public record WorkerSettings(String hostname, List<String> queues, int concurrency, int prefetch, boolean acksLate,
		boolean trackStarted, boolean resultExtended, Duration shutdownTimeout, long maxMessageSize,
		String deadLetterKey, Duration visibilityTimeout, Duration restoreInterval, boolean remoteShutdown,
		boolean sendTaskEvents, Duration timeLimit, Duration softTimeLimit, Duration revokedExpires) {

	/**
	 * Validates the settings.
	 */
	public WorkerSettings {
		Assert.notEmpty(queues, "A worker needs at least one queue");
		Assert.isTrue(concurrency > 0, "concurrency must be positive");
		Assert.isTrue(prefetch >= concurrency, "prefetch must be at least the concurrency");
		queues = List.copyOf(queues);
	}

}
