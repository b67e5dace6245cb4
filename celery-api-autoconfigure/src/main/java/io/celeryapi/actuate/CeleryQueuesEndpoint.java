package io.celeryapi.actuate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.celeryapi.client.CeleryClientFactory;
import io.celeryapi.internal.TaskPublisher;
import io.celeryapi.internal.redis.RedisBroker;
import io.celeryapi.worker.CeleryWorker;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * {@link Endpoint @Endpoint} that shows the queues this application's worker consumes and
 * the queues its clients send to, with their depth read from Redis: ready messages per
 * priority, unacknowledged messages and dead letters.
 *
 * @author celery-api
 * @since 0.1.0
 */
@Endpoint(id = "queues")
public class CeleryQueuesEndpoint {

	private final @Nullable CeleryWorker worker;

	private final @Nullable CeleryClientFactory clients;

	private final TaskPublisher publisher;

	private final QueueDepths depths;

	/**
	 * Creates an endpoint.
	 * @param broker reads the queues
	 * @param deadLetterKey the Redis list that keeps rejected messages
	 * @param worker the worker, or {@code null} when there is none
	 * @param clients the client factory, or {@code null} when there is none
	 * @param publisher routes client tasks to their queues
	 */
	public CeleryQueuesEndpoint(RedisBroker broker, String deadLetterKey, @Nullable CeleryWorker worker,
			@Nullable CeleryClientFactory clients, TaskPublisher publisher) {
		this.worker = worker;
		this.clients = clients;
		this.publisher = publisher;
		this.depths = new QueueDepths(broker, deadLetterKey);
	}

	/**
	 * Lists the consumed queues and the queues clients send to.
	 * @return the queues
	 */
	@ReadOperation
	public QueuesDescriptor queues() {
		List<String> consumed = QueueNames.consumed(this.worker);
		Map<String, List<String>> targets = QueueNames.targets(this.clients, this.publisher);
		Set<String> all = new LinkedHashSet<>(consumed);
		all.addAll(targets.keySet());
		Map<String, QueueDepths.Depth> depths = this.depths.read(all);
		List<QueueDescriptor> consumedDescriptors = new ArrayList<>();
		for (String queue : consumed) {
			consumedDescriptors.add(QueueDescriptor.of(queue, depths.get(queue), null));
		}
		List<QueueDescriptor> targetDescriptors = new ArrayList<>();
		targets.forEach((queue, tasks) -> targetDescriptors.add(QueueDescriptor.of(queue, depths.get(queue), tasks)));
		return new QueuesDescriptor(consumedDescriptors, targetDescriptors);
	}

	/**
	 * Shows the depth of any queue, consumed here or not.
	 * @param name the queue name
	 * @return the queue
	 */
	@ReadOperation
	public QueueDescriptor queue(@Selector String name) {
		Map<String, List<String>> targets = QueueNames.targets(this.clients, this.publisher);
		return QueueDescriptor.of(name, this.depths.read(List.of(name)).get(name), targets.get(name));
	}

	/**
	 * The queues of this application.
	 *
	 * @param consumed the queues this application's worker consumes
	 * @param clientTargets the queues this application's clients send to
	 */
	public record QueuesDescriptor(List<QueueDescriptor> consumed,
			List<QueueDescriptor> clientTargets) implements OperationResponseBody {
	}

	/**
	 * One queue and its depth. Queues are bound to the default exchange of their own name,
	 * as kombu declares them.
	 *
	 * @param name the queue name
	 * @param exchange the exchange it is bound to
	 * @param routingKey the binding's routing key
	 * @param ready messages waiting, by priority list (0, 3, 6, 9)
	 * @param readyTotal messages waiting, over all priorities
	 * @param unacked messages taken by a worker and not yet acknowledged
	 * @param deadLettered rejected messages from this queue kept in the dead-letter list
	 * @param tasks the tasks this application's clients send to the queue, or {@code null}
	 * for a queue no client sends to
	 */
	public record QueueDescriptor(String name, String exchange, String routingKey, Map<Integer, Long> ready,
			long readyTotal, long unacked, long deadLettered,
			@Nullable List<String> tasks) implements OperationResponseBody {

		static QueueDescriptor of(String name, QueueDepths.Depth depth, @Nullable List<String> tasks) {
			return new QueueDescriptor(name, name, name, depth.ready(), depth.readyTotal(), depth.unacked(),
					depth.deadLettered(), tasks);
		}

	}

}
