package io.celeryapi.actuate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import io.celeryapi.client.CeleryClientFactory;
import io.celeryapi.client.ClientTask;
import io.celeryapi.internal.TaskPublisher;
import io.celeryapi.worker.CeleryWorker;

import org.jspecify.annotations.Nullable;

/**
 * The queues this application's worker consumes and its clients send to.
 */
final class QueueNames {

	private QueueNames() {
	}

	/**
	 * The queues the worker consumes, or will consume once started.
	 * @param worker the worker, or {@code null} when there is none
	 * @return the queue names
	 */
	static List<String> consumed(@Nullable CeleryWorker worker) {
		return (worker != null && (worker.isRunning() || worker.isAutoStartup())) ? worker.getQueues() : List.of();
	}

	/**
	 * The queue a client task goes to: its static queue, else what the publisher's
	 * routes decide.
	 * @param task the client task
	 * @param publisher the publisher
	 * @return the queue
	 */
	static String queueOf(ClientTask task, TaskPublisher publisher) {
		String queue = task.queue();
		return (queue != null) ? queue : publisher.queueFor(task.task());
	}

	/**
	 * The queues the clients send to, each with the tasks sent there.
	 * @param clients the client factory, or {@code null} when there is none
	 * @param publisher the publisher
	 * @return queue name to task names, both sorted
	 */
	static Map<String, List<String>> targets(@Nullable CeleryClientFactory clients, TaskPublisher publisher) {
		Map<String, TreeSet<String>> targets = new TreeMap<>();
		if (clients != null) {
			for (ClientTask task : clients.getClientTasks()) {
				targets.computeIfAbsent(queueOf(task, publisher), (queue) -> new TreeSet<>()).add(task.task());
			}
		}
		Map<String, List<String>> result = new TreeMap<>();
		targets.forEach((queue, tasks) -> result.put(queue, new ArrayList<>(tasks)));
		return result;
	}

}
