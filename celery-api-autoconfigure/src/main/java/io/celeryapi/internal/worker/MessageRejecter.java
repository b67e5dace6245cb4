package io.celeryapi.internal.worker;

import java.time.Instant;

import tools.jackson.databind.node.ObjectNode;

import io.celeryapi.core.TaskState;
import io.celeryapi.internal.protocol.CeleryTimes;
import io.celeryapi.internal.protocol.MalformedMessageException;
import io.celeryapi.internal.protocol.ResultMeta;
import io.celeryapi.internal.protocol.WireJson;
import io.celeryapi.internal.redis.RedisBroker;
import io.celeryapi.internal.redis.RedisResultBackend;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Handles a message the worker cannot run, so that nothing is lost and nobody waits in
 * vain: it is logged with its id, kept whole in the dead-letter list, answered with a
 * FAILURE result when it has an id, and acknowledged.
 */
public final class MessageRejecter {

	private static final Log logger = LogFactory.getLog(MessageRejecter.class);

	private final RedisBroker broker;

	private final RedisResultBackend backend;

	private final String deadLetterKey;

	private final String hostname;

	private volatile TaskEventListener events = TaskEventListener.NONE;

	/**
	 * Creates a rejecter.
	 * @param broker the broker (dead letters, acks)
	 * @param backend the result backend
	 * @param deadLetterKey the dead-letter list
	 * @param hostname the worker's node name
	 */
	public MessageRejecter(RedisBroker broker, RedisResultBackend backend, String deadLetterKey, String hostname) {
		this.broker = broker;
		this.backend = backend;
		this.deadLetterKey = deadLetterKey;
		this.hostname = hostname;
	}

	/**
	 * Sets who hears about rejected messages.
	 * @param events the listener
	 */
	public void setEventListener(TaskEventListener events) {
		this.events = events;
	}

	/**
	 * Rejects a recorded delivery.
	 * @param delivery the delivery
	 * @param problem what is wrong
	 */
	public void reject(Delivery delivery, MalformedMessageException problem) {
		reject(delivery.envelope().raw(), delivery.queue(), delivery.deliveryTag(), problem);
	}

	/**
	 * Rejects a message as received, also one that could not be parsed into a delivery,
	 * and acknowledges it if it was recorded as unacknowledged.
	 * @param raw the message as received
	 * @param queue the queue it came from
	 * @param recordedTag the tag it is recorded under as unacknowledged, or {@code null}
	 * when it was never recorded
	 * @param problem what is wrong
	 */
	public void reject(String raw, String queue, @Nullable String recordedTag, MalformedMessageException problem) {
		deadLetter(raw, queue, problem);
		// Only once it is kept: if that failed, the message stays unacked and comes back.
		if (recordedTag != null) {
			this.broker.ack(recordedTag);
		}
	}

	private void deadLetter(String raw, String queue, MalformedMessageException problem) {
		String id = problem.getTaskId();
		String task = problem.getTaskName();
		String reason = "NotRegistered".equals(problem.getExcType()) ? "unregistered task " + task
				: problem.getMessage();
		logger.error("Rejected message " + ((id != null) ? id : "<no id>") + " (task " + ((task != null) ? task : "?")
				+ ") from queue '" + queue + "': " + reason + "; kept in dead-letter list '" + this.deadLetterKey
				+ "'");
		ObjectNode entry = WireJson.NODES.objectNode();
		entry.put("task_id", id);
		entry.put("task", task);
		entry.put("reason", reason);
		entry.put("exc_type", problem.getExcType());
		entry.put("queue", queue);
		entry.put("worker", this.hostname);
		entry.put("time", CeleryTimes.formatWithOffset(Instant.now()));
		entry.put("envelope", raw);
		this.broker.deadLetter(this.deadLetterKey, WireJson.MAPPER.writeValueAsString(entry));
		this.events.rejected(id, reason);
		if (id != null) {
			ObjectNode exc = ResultMeta.exception(problem.getExcType(), moduleOf(problem.getExcType()),
					"NotRegistered".equals(problem.getExcType()) ? task : problem.getMessage());
			this.backend.store(id, ResultMeta.encode(TaskState.FAILURE, exc, null, id, null, null, null, null,
					Instant.now()));
		}
	}

	private static @Nullable String moduleOf(String excType) {
		return switch (excType) {
			case "NotRegistered" -> "celery.exceptions";
			case "ContentDisallowed", "DecodeError" -> "kombu.exceptions";
			case "TypeError" -> "builtins";
			default -> "celery_api";
		};
	}

}
