package io.celeryapi.worker;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import io.celeryapi.annotation.CeleryTask;
import io.celeryapi.internal.worker.ArgumentBinder;

import org.jspecify.annotations.Nullable;
import org.springframework.util.ReflectionUtils;

/**
 * One registered task: its name, the bean method that runs it, and its settings. The
 * method is bound once to a {@link MethodHandle}, so invoking it costs no reflection per
 * message.
 *
 * @author celery-api
 * @since 0.1.0
 */
public final class TaskEndpoint {

	private final String name;

	private final Object bean;

	private final Method method;

	private final CeleryTask.AcksLate acksLate;

	private final boolean ignoreResult;

	private final ArgumentBinder binder;

	private final MethodHandle handle;

	private volatile RetryPolicy retryPolicy = RetryPolicy.of(Defaults.TASK);

	private volatile double timeLimit;

	private volatile double softTimeLimit;

	private volatile String rateLimit = "";

	private volatile boolean globalRateLimit;

	/**
	 * Creates an endpoint.
	 * @param name the task name
	 * @param bean the bean (possibly a proxy)
	 * @param method the method to invoke on it
	 * @param acksLate the acks-late mode
	 * @param ignoreResult whether no result is stored
	 * @param mapper converts arguments
	 */
	public TaskEndpoint(String name, Object bean, Method method, CeleryTask.AcksLate acksLate, boolean ignoreResult,
			JsonMapper mapper) {
		this.name = name;
		this.bean = bean;
		this.method = method;
		this.acksLate = acksLate;
		this.ignoreResult = ignoreResult;
		this.binder = new ArgumentBinder(name, method, mapper);
		try {
			ReflectionUtils.makeAccessible(method);
			this.handle = MethodHandles.lookup()
				.unreflect(method)
				.bindTo(bean)
				.asSpreader(Object[].class, method.getParameterCount());
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException("Cannot access task method " + method, ex);
		}
	}

	/**
	 * Sets the retry policy.
	 * @param retryPolicy the policy
	 */
	public void setRetryPolicy(RetryPolicy retryPolicy) {
		this.retryPolicy = retryPolicy;
	}

	/**
	 * Sets the time limits; {@code celery control time_limit} changes them at run time.
	 * @param softTimeLimit the soft limit in seconds, 0 for none
	 * @param timeLimit the hard limit in seconds, 0 for none
	 */
	public void setTimeLimits(double softTimeLimit, double timeLimit) {
		this.softTimeLimit = softTimeLimit;
		this.timeLimit = timeLimit;
	}

	/**
	 * The hard time limit.
	 * @return seconds, 0 for none
	 */
	public double getTimeLimit() {
		return this.timeLimit;
	}

	/**
	 * The soft time limit.
	 * @return seconds, 0 for none
	 */
	public double getSoftTimeLimit() {
		return this.softTimeLimit;
	}

	/**
	 * Sets the rate limit; {@code celery control rate_limit} changes it at run time.
	 * @param rateLimit Celery's form, empty for none
	 * @param global whether it holds across all workers
	 */
	public void setRateLimit(String rateLimit, boolean global) {
		this.rateLimit = rateLimit;
		this.globalRateLimit = global;
	}

	/**
	 * The rate limit.
	 * @return Celery's form, empty for none
	 */
	public String getRateLimit() {
		return this.rateLimit;
	}

	/**
	 * Whether the rate limit holds across all workers.
	 * @return {@code true} when global
	 */
	public boolean isGlobalRateLimit() {
		return this.globalRateLimit;
	}

	/**
	 * The retry policy.
	 * @return the policy
	 */
	public RetryPolicy getRetryPolicy() {
		return this.retryPolicy;
	}

	/**
	 * The task name.
	 * @return the name
	 */
	public String getName() {
		return this.name;
	}

	/**
	 * The bean that runs the task.
	 * @return the bean
	 */
	public Object getBean() {
		return this.bean;
	}

	/**
	 * The task method.
	 * @return the method
	 */
	public Method getMethod() {
		return this.method;
	}

	/**
	 * Whether this task acknowledges late, given the worker's default.
	 * @param workerDefault the worker's {@code acks-late} setting
	 * @return {@code true} when acknowledged after it finished
	 */
	public boolean isAcksLate(boolean workerDefault) {
		return switch (this.acksLate) {
			case TRUE -> true;
			case FALSE -> false;
			case DEFAULT -> workerDefault;
		};
	}

	/**
	 * Whether the task never stores a result.
	 * @return {@code true} when results are ignored
	 */
	public boolean isIgnoreResult() {
		return this.ignoreResult;
	}

	/**
	 * The names of the parameters that take arguments.
	 * @return the names, in order
	 */
	public List<String> getParameterNames() {
		return this.binder.parameterNames();
	}

	/**
	 * The declared return type.
	 * @return the generic return type
	 */
	public Type getReturnType() {
		return this.method.getGenericReturnType();
	}

	/**
	 * The argument binder.
	 * @return the binder
	 */
	public ArgumentBinder binder() {
		return this.binder;
	}

	/**
	 * Invokes the task method.
	 * @param arguments the bound arguments
	 * @return the return value
	 * @throws Throwable whatever the task throws
	 */
	public @Nullable Object invoke(@Nullable Object[] arguments) throws Throwable {
		return this.handle.invoke(arguments);
	}

	/**
	 * Holds an annotation instance with every default.
	 */
	private static final class Defaults {

		static final CeleryTask TASK;

		static {
			try {
				TASK = Defaults.class.getDeclaredMethod("annotated").getAnnotation(CeleryTask.class);
			}
			catch (NoSuchMethodException ex) {
				throw new IllegalStateException(ex);
			}
		}

		@CeleryTask
		private static void annotated() {
		}

	}

	@Override
	public String toString() {
		return this.name + " -> " + this.method.getDeclaringClass().getName() + "." + this.method.getName();
	}

}
