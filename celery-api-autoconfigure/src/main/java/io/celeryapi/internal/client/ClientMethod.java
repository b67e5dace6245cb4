package io.celeryapi.internal.client;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import tools.jackson.databind.JavaType;

import io.celeryapi.core.AsyncResult;
import io.celeryapi.core.CeleryException;
import io.celeryapi.core.CeleryRemoteException;
import io.celeryapi.core.Signature;
import io.celeryapi.core.TaskOptions;
import io.celeryapi.internal.DefaultAsyncResult;
import io.celeryapi.internal.TaskPublisher;

import org.jspecify.annotations.Nullable;

/**
 * The parsed model of one client method: which task it calls, how its parameters map to
 * args, kwargs and options, its default options and timeout, and how it returns. Built
 * once at startup; invoking it does no reflection.
 */
final class ClientMethod {

	private final Method method;

	private final String taskName;

	private final ParameterRole[] roles;

	private final TaskOptions defaults;

	private final Duration timeout;

	private final ReturnKind returnKind;

	private final JavaType resultType;

	private final Class<?>[] declaredExceptions;

	ClientMethod(Method method, String taskName, ParameterRole[] roles, TaskOptions defaults, Duration timeout,
			ReturnKind returnKind, JavaType resultType) {
		this.method = method;
		this.taskName = taskName;
		this.roles = roles;
		this.defaults = defaults;
		this.timeout = timeout;
		this.returnKind = returnKind;
		this.resultType = resultType;
		this.declaredExceptions = method.getExceptionTypes();
	}

	String taskName() {
		return this.taskName;
	}

	Method method() {
		return this.method;
	}

	TaskOptions defaults() {
		return this.defaults;
	}

	Duration timeout() {
		return this.timeout;
	}

	ReturnKind returnKind() {
		return this.returnKind;
	}

	JavaType resultType() {
		return this.resultType;
	}

	@Nullable Object invoke(@Nullable Object[] arguments, TaskPublisher publisher) throws Throwable {
		List<@Nullable Object> args = new ArrayList<>();
		Map<String, @Nullable Object> kwargs = new LinkedHashMap<>();
		TaskOptions options = this.defaults;
		for (int i = 0; i < this.roles.length; i++) {
			ParameterRole role = this.roles[i];
			@Nullable Object value = (arguments != null) ? arguments[i] : null;
			switch (role.kind()) {
				case POSITIONAL -> args.add(value);
				case KWARG -> kwargs.put(role.name(), value);
				case OPTIONS -> {
					if (value != null) {
						options = options.merge((TaskOptions) value);
					}
				}
			}
		}
		TaskOptions callOptions = options;
		return switch (this.returnKind) {
			case SIGNATURE -> Signature.of(this.taskName, args, kwargs, options)
				.withResultType(this.resultType.isJavaLangObject() ? Object.class : this.resultType);
			case FIRE_AND_FORGET -> {
				send(publisher, args, kwargs, options.merge(TaskOptions.builder().ignoreResult(true).build()));
				yield null;
			}
			case HANDLE -> send(publisher, args, kwargs, options);
			case FUTURE -> sendAsync(publisher, args, kwargs, options).thenCompose(AsyncResult::toCompletableFuture)
				.thenApply(this::emptyIfOptional)
				.exceptionallyCompose((ex) -> CompletableFuture.failedFuture(translate(ex)));
			case MONO -> Monos.deferred(() -> sendAsync(publisher, args, kwargs, callOptions)
				.thenCompose(AsyncResult::toCompletableFuture)
				.exceptionallyCompose((ex) -> CompletableFuture.failedFuture(translate(ex))));
			case BLOCKING -> {
				try {
					yield nullable(send(publisher, args, kwargs, options).get(this.timeout));
				}
				catch (CeleryRemoteException ex) {
					throw RemoteExceptions.translate(ex, this.declaredExceptions);
				}
			}
		};
	}

	/**
	 * What a blocking call returns when the task returned {@code None}: {@code null}, an
	 * empty {@code Optional} where one is declared, and a clear error where a primitive
	 * is.
	 */
	private @Nullable Object nullable(@Nullable Object result) {
		Class<?> returnType = this.method.getReturnType();
		if (result == null && returnType.isPrimitive()) {
			throw new CeleryException("Task " + this.taskName + " returned no result, which "
					+ this.method.getDeclaringClass().getSimpleName() + "." + this.method.getName()
					+ "() cannot return as " + returnType);
		}
		return emptyIfOptional(result);
	}

	private @Nullable Object emptyIfOptional(@Nullable Object result) {
		return (result == null && this.resultType.hasRawClass(Optional.class)) ? Optional.empty() : result;
	}

	private Throwable translate(Throwable ex) {
		Throwable cause = (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
		return (cause instanceof CeleryRemoteException remote)
				? RemoteExceptions.translate(remote, this.declaredExceptions) : cause;
	}

	private DefaultAsyncResult<Object> send(TaskPublisher publisher, List<@Nullable Object> args,
			Map<String, @Nullable Object> kwargs, TaskOptions options) {
		return publisher.publish(this.taskName, publisher.argsTree(args), publisher.kwargsTree(kwargs), options,
				this.resultType, null, true);
	}

	/** Sends without waiting for Redis, for methods that return a future anyway. */
	private CompletableFuture<DefaultAsyncResult<Object>> sendAsync(TaskPublisher publisher,
			List<@Nullable Object> args, Map<String, @Nullable Object> kwargs, TaskOptions options) {
		try {
			return publisher.publishAsync(this.taskName, publisher.argsTree(args), publisher.kwargsTree(kwargs),
					options, this.resultType);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	@Override
	public String toString() {
		return this.method.getDeclaringClass().getSimpleName() + "." + this.method.getName() + " -> " + this.taskName;
	}

	/**
	 * What one parameter is: a positional argument, a kwarg, or per-call options.
	 *
	 * @param kind the role
	 * @param name the kwarg name, for kwargs
	 */
	record ParameterRole(Kind kind, String name) {

		enum Kind {

			POSITIONAL, KWARG, OPTIONS

		}

	}

}
