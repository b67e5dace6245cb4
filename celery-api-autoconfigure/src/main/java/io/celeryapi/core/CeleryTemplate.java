package io.celeryapi.core;

import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

import io.celeryapi.internal.DefaultAsyncResult;
import io.celeryapi.internal.TaskPublisher;

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
	public AsyncResult<Object> asyncResult(String taskId) {
		return new DefaultAsyncResult<>(taskId, "?", this.publisher.backend(), this.mapper, this.objectType);
	}

	private <T> AsyncResult<T> send(String name, List<?> args, Map<String, ?> kwargs, TaskOptions options,
			JavaType resultType) {
		return this.publisher.publish(name, this.mapper.valueToTree(args), this.mapper.valueToTree(kwargs), options,
				resultType, null, true);
	}

}
