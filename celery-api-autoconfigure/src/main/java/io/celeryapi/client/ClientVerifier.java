package io.celeryapi.client;

import java.time.Duration;
import java.util.List;

import io.celeryapi.inspect.CeleryInspector;
import io.celeryapi.inspect.TaskCatalog;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Checks the client contract against the live workers: every task a
 * {@link io.celeryapi.annotation.CeleryClient} calls should be registered by some worker.
 *
 * @author celery-api
 * @since 0.1.0
 */
public class ClientVerifier {

	private static final Log logger = LogFactory.getLog(ClientVerifier.class);

	private final CeleryClientFactory factory;

	private final CeleryInspector inspector;

	private final Duration timeout;

	/**
	 * Creates a verifier.
	 * @param factory knows the client tasks
	 * @param inspector asks the workers
	 * @param timeout how long to wait for workers' replies
	 */
	public ClientVerifier(CeleryClientFactory factory, CeleryInspector inspector, Duration timeout) {
		this.factory = factory;
		this.inspector = inspector;
		this.timeout = timeout;
	}

	/**
	 * The client tasks no live worker registered.
	 * @return the missing tasks, sorted by name
	 */
	public List<ClientTask> missingTasks() {
		if (this.factory.getClientTasks().isEmpty()) {
			return List.of();
		}
		TaskCatalog catalog = this.inspector.catalog(this.timeout);
		return this.factory.getClientTasks()
			.stream()
			.filter((task) -> !catalog.isServed(task.task()))
			.sorted(java.util.Comparator.comparing(ClientTask::task))
			.toList();
	}

	/**
	 * Checks and reports.
	 * @param fail whether missing tasks are an error
	 * @throws IllegalStateException when {@code fail} and tasks are missing
	 */
	public void verify(boolean fail) {
		List<ClientTask> missing = missingTasks();
		if (missing.isEmpty()) {
			return;
		}
		String names = String.join(", ", missing.stream().map(ClientTask::task).distinct().toList());
		String message = "No live worker registered these client tasks: " + names;
		if (fail) {
			throw new IllegalStateException(message + " (celery.client.verify=fail)");
		}
		logger.warn(message);
	}

}
