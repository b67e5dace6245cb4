package io.celeryapi.actuate;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.celeryapi.annotation.CeleryTask;
import io.celeryapi.client.CeleryClientFactory;
import io.celeryapi.client.ClientTask;
import io.celeryapi.core.TaskContext;
import io.celeryapi.inspect.CeleryInspector;
import io.celeryapi.inspect.TaskCatalog;
import io.celeryapi.internal.TaskPublisher;
import io.celeryapi.internal.worker.WorkerState;
import io.celeryapi.worker.CeleryWorker;
import io.celeryapi.worker.TaskEndpoint;
import io.celeryapi.worker.TaskRegistry;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.util.ClassUtils;
import org.springframework.util.ObjectUtils;

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
		Map<String, Object> attributes = taskAttributes(method);
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
		boolean workerAcksLate = (this.worker != null) && this.worker.getSettings().acksLate();
		WorkerState.Counts counts = (this.worker != null) ? this.worker.getTaskCounts().get(endpoint.getName())
				: null;
		return new TaskDescriptor(endpoint.getName(), ClassUtils.getUserClass(endpoint.getBean()).getName(),
				method.getName(), parameters, endpoint.getReturnType().getTypeName(), queues(attributes),
				endpoint.isAcksLate(workerAcksLate), endpoint.isIgnoreResult(), rateLimit(attributes),
				timeLimits(attributes), retryPolicy(attributes), CountsDescriptor.of(counts));
	}

	private List<String> queues(Map<String, Object> attributes) {
		for (String name : List.of("queues", "queue")) {
			Object value = present(attributes.get(name));
			if (value instanceof String[] array) {
				return List.of(array);
			}
			if (value != null) {
				return List.of(value.toString());
			}
		}
		return (this.worker != null) ? this.worker.getQueues() : List.of();
	}

	private static Object rateLimit(Map<String, Object> attributes) {
		Object rateLimit = present(attributes.get("rateLimit"));
		return (rateLimit != null) ? rateLimit : NONE;
	}

	private static Object timeLimits(Map<String, Object> attributes) {
		Map<String, Object> limits = new LinkedHashMap<>();
		attributes.forEach((name, value) -> {
			Object present = present(value);
			if (name.toLowerCase(Locale.ROOT).contains("timelimit") && present != null) {
				limits.put(name, present);
			}
		});
		return limits.isEmpty() ? NONE : limits;
	}

	/**
	 * The retry settings of the task, defaults included, since they apply to retries the
	 * task asks for itself; {@code "none"} when tasks have no retry settings.
	 */
	private static Object retryPolicy(Map<String, Object> attributes) {
		Map<String, Object> policy = new LinkedHashMap<>();
		attributes.forEach((name, value) -> {
			String lower = name.toLowerCase(Locale.ROOT);
			if (lower.contains("retry") || lower.contains("retries")) {
				policy.put(name, (value instanceof Object[] array) ? Arrays.asList(array) : value);
			}
		});
		return policy.isEmpty() ? NONE : policy;
	}

	/**
	 * The attributes of the task's annotation, read by name so that the endpoint shows
	 * whatever settings {@link CeleryTask} has.
	 */
	private static Map<String, Object> taskAttributes(Method method) {
		MergedAnnotation<CeleryTask> annotation = MergedAnnotations.from(method, SearchStrategy.TYPE_HIERARCHY)
			.get(CeleryTask.class);
		if (!annotation.isPresent()) {
			return Map.of();
		}
		return annotation.asMap(MergedAnnotation.Adapt.CLASS_TO_STRING, MergedAnnotation.Adapt.ANNOTATION_TO_MAP);
	}

	/**
	 * A setting's value, or {@code null} when it is unset: empty, zero or negative.
	 */
	private static @Nullable Object present(@Nullable Object value) {
		if (value == null || ObjectUtils.isEmpty(value)) {
			return null;
		}
		if (value instanceof Number number && number.doubleValue() <= 0) {
			return null;
		}
		if (value instanceof Boolean bool && !bool) {
			return null;
		}
		if (value instanceof Object[] array) {
			return Arrays.asList(array);
		}
		return value;
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
	 * @param rateLimit its rate limit, or {@code "none"}
	 * @param timeLimits its time limits by name, or {@code "none"}
	 * @param retryPolicy its retry settings by name, or {@code "none"}
	 * @param counts its live counts on this worker
	 */
	public record TaskDescriptor(String name, String bean, String method, List<ParameterDescriptor> parameters,
			String returnType, List<String> queues, boolean acksLate, boolean ignoreResult,
			Object rateLimit, Object timeLimits, Object retryPolicy,
			CountsDescriptor counts) implements OperationResponseBody {
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
