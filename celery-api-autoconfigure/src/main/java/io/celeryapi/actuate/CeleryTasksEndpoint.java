package io.celeryapi.actuate;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.celeryapi.client.CeleryClientFactory;
import io.celeryapi.client.ClientTask;
import io.celeryapi.core.TaskContext;
import io.celeryapi.inspect.CeleryInspector;
import io.celeryapi.inspect.TaskCatalog;
import io.celeryapi.internal.TaskPublisher;
import io.celeryapi.internal.worker.WorkerState;
import io.celeryapi.worker.CeleryWorker;
import io.celeryapi.worker.RetryPolicy;
import io.celeryapi.worker.TaskEndpoint;
import io.celeryapi.worker.TaskRegistry;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * {@link Endpoint @Endpoint} that lists the Celery tasks this application serves, with
 * their settings and live counts, and the tasks its clients call, with whether a live
 * worker serves them.
 *
 * @author celery-api
 * @since 0.1.0
 */
@Endpoint(id = "tasks")
public class CeleryTasksEndpoint {

	private static final Log logger = LogFactory.getLog(CeleryTasksEndpoint.class);

	/** Shown for a setting a task does not have. */
	private static final String NONE = "none";

	private final TaskRegistry registry;

	private final @Nullable CeleryWorker worker;

	private final @Nullable CeleryClientFactory clients;

	private final TaskPublisher publisher;

	private final CeleryInspector inspector;

	private final Duration inspectTimeout;

	/**
	 * Creates an endpoint.
	 * @param registry the tasks this application serves
	 * @param worker the worker that serves them, or {@code null} when there is none
	 * @param clients the client factory, or {@code null} when there is none
	 * @param publisher routes client tasks to their queues
	 * @param inspector asks the live workers which tasks they serve
	 * @param inspectTimeout how long to wait for the workers' replies
	 */
	public CeleryTasksEndpoint(TaskRegistry registry, @Nullable CeleryWorker worker,
			@Nullable CeleryClientFactory clients, TaskPublisher publisher, CeleryInspector inspector,
			Duration inspectTimeout) {
		this.registry = registry;
		this.worker = worker;
		this.clients = clients;
		this.publisher = publisher;
		this.inspector = inspector;
		this.inspectTimeout = inspectTimeout;
	}

	/**
	 * Lists the registered tasks and the client tasks.
	 * @return the tasks
	 */
	@ReadOperation
	public TasksDescriptor tasks() {
		Map<String, TaskDescriptor> tasks = new LinkedHashMap<>();
		for (TaskEndpoint endpoint : this.registry.getEndpoints()) {
			tasks.put(endpoint.getName(), describe(endpoint));
		}
		return new TasksDescriptor(tasks, describeClientTasks(clientTasks()));
	}

	/**
	 * Shows one task: the registered task of that name, or else the client methods that
	 * call it.
	 * @param name the task name
	 * @return a {@link TaskDescriptor} or a {@link ClientTasksDescriptor}, or {@code null}
	 * when neither this application nor its clients know the task
	 */
	@ReadOperation
	public @Nullable OperationResponseBody task(@Selector String name) {
		TaskEndpoint endpoint = this.registry.get(name);
		if (endpoint != null) {
			return describe(endpoint);
		}
		List<ClientTask> calling = clientTasks().stream().filter((task) -> task.task().equals(name)).toList();
		if (calling.isEmpty()) {
			return null;
		}
		return new ClientTasksDescriptor(name, describeClientTasks(calling));
	}

	private Collection<ClientTask> clientTasks() {
		return (this.clients != null) ? this.clients.getClientTasks() : List.of();
	}

	private TaskDescriptor describe(TaskEndpoint endpoint) {
		Method method = endpoint.getMethod();
		List<ParameterDescriptor> parameters = new ArrayList<>();
		List<String> names = endpoint.getParameterNames();
		int index = 0;
		for (Parameter parameter : method.getParameters()) {
			if (TaskContext.class.isAssignableFrom(parameter.getType())) {
				continue;
			}
			String name = (index < names.size()) ? names.get(index) : parameter.getName();
			parameters.add(new ParameterDescriptor(name, parameter.getParameterizedType().getTypeName()));
			index++;
		}
		CeleryWorker worker = this.worker;
		boolean workerAcksLate = (worker != null) && worker.getSettings().acksLate();
		WorkerState.Counts counts = (worker != null) ? worker.getTaskCounts().get(endpoint.getName()) : null;
		return new TaskDescriptor(endpoint.getName(), ClassUtils.getUserClass(endpoint.getBean()).getName(),
				method.getName(), parameters, endpoint.getReturnType().getTypeName(),
				(worker != null) ? worker.getQueues() : List.of(), endpoint.isAcksLate(workerAcksLate),
				endpoint.isIgnoreResult(), rateLimit(endpoint), timeLimits(endpoint),
				RetryPolicyDescriptor.of(endpoint.getRetryPolicy()), CountsDescriptor.of(counts));
	}

	private static Object rateLimit(TaskEndpoint endpoint) {
		String rateLimit = endpoint.getRateLimit();
		if (!StringUtils.hasText(rateLimit)) {
			return NONE;
		}
		return new RateLimitDescriptor(rateLimit, endpoint.isGlobalRateLimit());
	}

	private static Object timeLimits(TaskEndpoint endpoint) {
		double soft = endpoint.getSoftTimeLimit();
		double hard = endpoint.getTimeLimit();
		if (soft <= 0 && hard <= 0) {
			return NONE;
		}
		return new TimeLimitsDescriptor((soft > 0) ? soft : null, (hard > 0) ? hard : null);
	}

	private List<ClientTaskDescriptor> describeClientTasks(Collection<ClientTask> tasks) {
		if (tasks.isEmpty()) {
			return List.of();
		}
		TaskCatalog catalog = catalog();
		List<ClientTaskDescriptor> descriptors = new ArrayList<>();
		for (ClientTask task : tasks) {
			TaskCatalog.Entry entry = (catalog != null) ? catalog.get(task.task()) : null;
			Set<String> workers = (entry != null) ? entry.workers() : Set.of();
			descriptors.add(new ClientTaskDescriptor(task.task(), task.client(), task.type().getName(), task.method(),
					QueueNames.queueOf(task, this.publisher), (catalog != null) ? entry != null : null,
					new TreeSet<>(workers)));
		}
		return descriptors;
	}

	private @Nullable TaskCatalog catalog() {
		try {
			return this.inspector.catalog(this.inspectTimeout);
		}
		catch (RuntimeException ex) {
			logger.debug("Could not ask the workers which tasks they serve: " + ex.getMessage());
			return null;
		}
	}

	/**
	 * The tasks of this application.
	 *
	 * @param tasks the registered tasks, by name
	 * @param clientTasks the tasks this application's clients call
	 */
	public record TasksDescriptor(Map<String, TaskDescriptor> tasks,
			List<ClientTaskDescriptor> clientTasks) implements OperationResponseBody {
	}

	/**
	 * A registered task.
	 *
	 * @param name the task name
	 * @param bean the class of the bean that runs it
	 * @param method the method that runs it
	 * @param parameters the parameters that take arguments, in order
	 * @param returnType the declared return type
	 * @param queues the queues it is consumed from
	 * @param acksLate whether its message is acknowledged after it ran
	 * @param ignoreResult whether it stores no result
	 * @param rateLimit its {@link RateLimitDescriptor rate limit}, or {@code "none"}
	 * @param timeLimits its {@link TimeLimitsDescriptor time limits}, or {@code "none"}
	 * @param retryPolicy its retry policy
	 * @param counts its live counts on this worker
	 */
	public record TaskDescriptor(String name, String bean, String method, List<ParameterDescriptor> parameters,
			String returnType, List<String> queues, boolean acksLate, boolean ignoreResult, Object rateLimit,
			Object timeLimits, RetryPolicyDescriptor retryPolicy,
			CountsDescriptor counts) implements OperationResponseBody {
	}

	/**
	 * The rate limit of a task, as it is now ({@code celery control rate_limit} changes
	 * it).
	 *
	 * @param rate the limit in Celery's form, such as {@code 10/m}
	 * @param global whether it holds across all workers
	 */
	public record RateLimitDescriptor(String rate, boolean global) {
	}

	/**
	 * The time limits of a task, as they are now ({@code celery control time_limit} changes
	 * them).
	 *
	 * @param soft the soft limit in seconds, or {@code null} for none
	 * @param hard the hard limit in seconds, or {@code null} for none
	 */
	public record TimeLimitsDescriptor(@Nullable Double soft, @Nullable Double hard) {
	}

	/**
	 * When a task retries. The limits also apply to the retries a task asks for itself.
	 *
	 * @param autoretryFor exception types that make the task retry by itself
	 * @param maxRetries how many retries are allowed
	 * @param defaultRetryDelay delay before a retry when nothing else chooses one, in
	 * seconds
	 * @param backoff exponential backoff factor in seconds, 0 for none
	 * @param backoffMax longest backoff delay, in seconds
	 * @param jitter whether backoff delays are randomized
	 */
	public record RetryPolicyDescriptor(List<String> autoretryFor, int maxRetries, double defaultRetryDelay,
			double backoff, double backoffMax, boolean jitter) {

		static RetryPolicyDescriptor of(RetryPolicy policy) {
			return new RetryPolicyDescriptor(policy.autoretryFor().stream().map(Class::getName).toList(),
					policy.maxRetries(), seconds(policy.defaultRetryDelay()), seconds(policy.backoffFactor()),
					seconds(policy.backoffMax()), policy.jitter());
		}

		private static double seconds(Duration duration) {
			return duration.toMillis() / 1000.0;
		}

	}

	/**
	 * A parameter of a task method.
	 *
	 * @param name the name that keyword arguments use
	 * @param type the declared type
	 */
	public record ParameterDescriptor(String name, String type) {
	}

	/**
	 * Live counts of a task on this worker.
	 *
	 * @param received messages received
	 * @param succeeded successful runs
	 * @param failed failed runs
	 * @param retried retries requested
	 * @param running runs in progress
	 */
	public record CountsDescriptor(long received, long succeeded, long failed, long retried, long running) {

		static CountsDescriptor of(WorkerState.@Nullable Counts counts) {
			if (counts == null) {
				return new CountsDescriptor(0, 0, 0, 0, 0);
			}
			return new CountsDescriptor(counts.received.sum(), counts.succeeded.sum(), counts.failed.sum(),
					counts.retried.sum(), counts.running.sum());
		}

	}

	/**
	 * A task a client method calls.
	 *
	 * @param task the task name
	 * @param client the client name
	 * @param type the client interface
	 * @param method the client method
	 * @param queue the queue its calls go to
	 * @param served whether a live worker registered the task, or {@code null} when the
	 * workers could not be asked
	 * @param workers the live workers that registered it
	 */
	public record ClientTaskDescriptor(String task, String client, String type, String method, String queue,
			@Nullable Boolean served, Set<String> workers) {
	}

	/**
	 * The client methods that call a task this application does not serve itself.
	 *
	 * @param task the task name
	 * @param clientTasks the client methods
	 */
	public record ClientTasksDescriptor(String task,
			List<ClientTaskDescriptor> clientTasks) implements OperationResponseBody {
	}

}
