package io.celeryapi.core;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.celeryapi.internal.DefaultAsyncResult;
import io.celeryapi.internal.DefaultGroupResult;
import io.celeryapi.internal.TaskPublisher;
import io.celeryapi.internal.protocol.SignatureCodec;
import io.celeryapi.internal.protocol.WireJson;

/**
 * Sends Celery tasks through kombu's Redis transport and hands out {@link AsyncResult}s
 * backed by Celery's Redis result backend. Thread-safe; one instance serves the whole
 * application.
 *
 * <p>The queue of a call is, in this order: the call's {@link TaskOptions#getQueue()
 * queue} (or exchange), the first matching route ({@code celery.client.routes}), and the
 * default queue ({@code celery.template.default-queue}).
 *
 * @author celery-api
 * @since 0.1.0
 */
public class CeleryTemplate implements CeleryOperations {

	private final TaskPublisher publisher;

	private final JsonMapper mapper;

	private final JavaType objectType;

	/**
	 * Creates a template.
	 * @param publisher publishes the tasks
	 */
	public CeleryTemplate(TaskPublisher publisher) {
		this.publisher = publisher;
		this.mapper = publisher.mapper();
		this.objectType = this.mapper.constructType(Object.class);
	}

	@Override
	public AsyncResult<Object> sendTask(String name, List<?> args, Map<String, ?> kwargs, TaskOptions options) {
		return send(name, args, kwargs, options, this.objectType);
	}

	@Override
	public CompletableFuture<AsyncResult<Object>> sendTaskAsync(String name, List<?> args, Map<String, ?> kwargs,
			TaskOptions options) {
		ArrayNode argsTree;
		ObjectNode kwargsTree;
		try {
			argsTree = this.publisher.argsTree(args);
			kwargsTree = this.publisher.kwargsTree(kwargs);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		return this.publisher.<Object>publishAsync(name, argsTree, kwargsTree, options, this.objectType)
			.thenApply((result) -> result);
	}

	@Override
	public <T> AsyncResult<T> send(Signature<T> signature) {
		return send(signature.getTask(), signature.getArgs(), signature.getKwargs(), signature.getOptions(),
				this.mapper.constructType(signature.getResultType()));
	}

	/**
	 * Sends a task whose result converts to a reflected (possibly generic) type.
	 * @param <T> the result type
	 * @param name the task name
	 * @param args positional arguments
	 * @param kwargs keyword arguments
	 * @param options how to send it
	 * @param resultType the result type
	 * @return a handle on the result
	 */
	public <T> AsyncResult<T> sendTask(String name, List<?> args, Map<String, ?> kwargs, TaskOptions options,
			Type resultType) {
		return send(name, args, kwargs, options, this.mapper.constructType(resultType));
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> AsyncResult<T> send(Chain<T> chain) {
		List<Signature<?>> steps = routed(chain.getSteps());
		// The worker pops the last element next, so the rest of the chain travels reversed.
		ArrayNode rest = WireJson.NODES.arrayNode();
		for (int i = steps.size() - 1; i > 0; i--) {
			rest.add(SignatureCodec.toDict(steps.get(i), this.mapper));
		}
		Signature<?> first = steps.get(0);
		DefaultAsyncResult<?> handle = publish(first, TaskPublisher.Parent.of(null, null, rest.isEmpty() ? null : rest),
				steps.size() == 1);
		for (int i = 1; i < steps.size(); i++) {
			Signature<?> step = steps.get(i);
			DefaultAsyncResult<?> next = new DefaultAsyncResult<>(step.getOptions().getTaskId(), step.getTask(),
					this.publisher.backend(), this.mapper, this.mapper.constructType(step.getResultType()))
				.withParent(handle);
			if (i == steps.size() - 1) {
				next.watch();
			}
			handle = next;
		}
		return (AsyncResult<T>) handle;
	}

	@Override
	@SuppressWarnings("unchecked")
	public GroupResult send(Group group) {
		String groupId = UUID.randomUUID().toString();
		List<AsyncResult<Object>> results = new ArrayList<>();
		List<Signature<?>> tasks = routed(group.getTasks());
		for (int i = 0; i < tasks.size(); i++) {
			results.add((AsyncResult<Object>) publish(tasks.get(i),
					new TaskPublisher.Parent(null, null, groupId, i, 0, null, null), true));
		}
		return new DefaultGroupResult(groupId, results);
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> AsyncResult<T> send(Chord<T> chord) {
		String groupId = UUID.randomUUID().toString();
		Signature<T> body = (Signature<T>) routed(List.of(chord.getBody())).get(0);
		DefaultAsyncResult<T> result = new DefaultAsyncResult<>(body.getOptions().getTaskId(), body.getTask(),
				this.publisher.backend(), this.mapper, this.mapper.constructType(body.getResultType()));
		result.watch();
		ObjectNode bodyDict = SignatureCodec.toDict(body, this.mapper);
		List<Signature<?>> header = routed(chord.getHeader().getTasks());
		for (int i = 0; i < header.size(); i++) {
			if (i == header.size() - 1) {
				// The size must exist before the last header task can finish.
				this.publisher.setChordSize(groupId, header.size());
			}
			publish(header.get(i), new TaskPublisher.Parent(null, null, groupId, i, 0, null, bodyDict), false);
		}
		return result;
	}

	/**
	 * Gives every step a task id and a queue now, so that the workers that send the later
	 * steps (Java or Python) route them as this application would.
	 */
	private List<Signature<?>> routed(List<Signature<?>> signatures) {
		List<Signature<?>> routed = new ArrayList<>();
		for (Signature<?> signature : signatures) {
			TaskOptions options = signature.getOptions();
			TaskOptions.Builder fixed = TaskOptions.builder();
			if (options.getTaskId() == null) {
				fixed.taskId(UUID.randomUUID().toString());
			}
			if (options.getQueue() == null && options.getExchange() == null) {
				fixed.queue(this.publisher.queueFor(signature.getTask()));
			}
			routed.add(signature.withOptions(fixed.build()));
		}
		return routed;
	}

	private DefaultAsyncResult<?> publish(Signature<?> signature, TaskPublisher.Parent parent, boolean watch) {
		return this.publisher.publish(signature.getTask(), this.publisher.argsTree(signature.getArgs()),
				this.publisher.kwargsTree(signature.getKwargs()), signature.getOptions(),
				this.mapper.constructType(signature.getResultType()), parent, watch);
	}

	@Override
	public AsyncResult<Object> asyncResult(String taskId) {
		return new DefaultAsyncResult<>(taskId, "?", this.publisher.backend(), this.mapper, this.objectType);
	}

	private <T> AsyncResult<T> send(String name, List<?> args, Map<String, ?> kwargs, TaskOptions options,
			JavaType resultType) {
		return this.publisher.publish(name, this.publisher.argsTree(args), this.publisher.kwargsTree(kwargs), options,
				resultType, null, true);
	}

}
