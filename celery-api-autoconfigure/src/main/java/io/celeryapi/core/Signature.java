package io.celeryapi.core;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A task call that is described but not sent yet: the task name, its arguments and its
 * options. Send it with {@link CeleryOperations#send(Signature)}, or embed it in another
 * call as a callback. No interface or worker code is needed to build one.
 *
 * <pre class="code">
 * Signature&lt;Object&gt; open = Signature.of("accounts.open", "ann").withKwarg("initial_cents", 100);
 * </pre>
 *
 * @param <T> the type of the task's result
 * @author celery-api
 * @since 0.1.0
 */
public final class Signature<T> {

	private final String task;

	private final List<@Nullable Object> args;

	private final Map<String, @Nullable Object> kwargs;

	private final TaskOptions options;

	private final boolean immutable;

	private final Type resultType;

	private Signature(String task, List<@Nullable Object> args, Map<String, @Nullable Object> kwargs,
			TaskOptions options, boolean immutable) {
		this(task, args, kwargs, options, immutable, Object.class);
	}

	private Signature(String task, List<@Nullable Object> args, Map<String, @Nullable Object> kwargs,
			TaskOptions options, boolean immutable, Type resultType) {
		this.resultType = resultType;
		this.task = Objects.requireNonNull(task, "task");
		this.args = java.util.Collections.unmodifiableList(new ArrayList<>(args));
		this.kwargs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(kwargs));
		this.options = options;
		this.immutable = immutable;
	}

	/**
	 * A signature of the named task with positional arguments.
	 * @param task the task name
	 * @param args the positional arguments
	 * @return the signature
	 */
	public static Signature<Object> of(String task, @Nullable Object... args) {
		return new Signature<>(task, Arrays.asList(args), Map.of(), TaskOptions.none(), false);
	}

	/**
	 * A signature of the named task with positional and keyword arguments.
	 * @param task the task name
	 * @param args the positional arguments
	 * @param kwargs the keyword arguments
	 * @param options the options used when it is sent
	 * @return the signature
	 */
	public static Signature<Object> of(String task, List<?> args, Map<String, ?> kwargs, TaskOptions options) {
		return new Signature<>(task, new ArrayList<>(args), new LinkedHashMap<>(kwargs), options, false);
	}

	/**
	 * The same call with another result type, for typed results.
	 * @param <R> the result type
	 * @param resultType the result type
	 * @return the typed signature
	 */
	public <R> Signature<R> as(Class<R> resultType) {
		return new Signature<>(this.task, this.args, this.kwargs, this.options, this.immutable, resultType);
	}

	/**
	 * The same call with a reflected (possibly generic) result type, as declared by a
	 * client method returning {@code Signature<List<Account>>}.
	 * @param <R> the result type
	 * @param resultType the result type
	 * @return the typed signature
	 */
	public <R> Signature<R> withResultType(Type resultType) {
		return new Signature<>(this.task, this.args, this.kwargs, this.options, this.immutable, resultType);
	}

	/**
	 * The type the result converts to.
	 * @return the result type
	 */
	public Type getResultType() {
		return this.resultType;
	}

	/**
	 * The same call with one more keyword argument.
	 * @param name the kwarg name
	 * @param value the value
	 * @return a new signature
	 */
	public Signature<T> withKwarg(String name, @Nullable Object value) {
		Map<String, @Nullable Object> merged = new LinkedHashMap<>(this.kwargs);
		merged.put(name, value);
		return new Signature<>(this.task, this.args, merged, this.options, this.immutable, this.resultType);
	}

	/**
	 * The same call with options layered on top of its own.
	 * @param options the options that win
	 * @return a new signature
	 */
	public Signature<T> withOptions(TaskOptions options) {
		return new Signature<>(this.task, this.args, this.kwargs, this.options.merge(options), this.immutable,
				this.resultType);
	}

	/**
	 * The same call, but immutable: a parent's result is not prepended to its arguments
	 * (Celery's {@code .si()}).
	 * @return a new, immutable signature
	 */
	public Signature<T> immutable() {
		return new Signature<>(this.task, this.args, this.kwargs, this.options, true, this.resultType);
	}

	/**
	 * The task name.
	 * @return the name
	 */
	public String getTask() {
		return this.task;
	}

	/**
	 * The positional arguments.
	 * @return unmodifiable arguments
	 */
	public List<@Nullable Object> getArgs() {
		return this.args;
	}

	/**
	 * The keyword arguments.
	 * @return unmodifiable kwargs
	 */
	public Map<String, @Nullable Object> getKwargs() {
		return this.kwargs;
	}

	/**
	 * The options used when the signature is sent.
	 * @return the options
	 */
	public TaskOptions getOptions() {
		return this.options;
	}

	/**
	 * Whether a parent's result is not prepended to the arguments.
	 * @return {@code true} when immutable
	 */
	public boolean isImmutable() {
		return this.immutable;
	}

	@Override
	public boolean equals(@Nullable Object o) {
		return o instanceof Signature<?> other && this.task.equals(other.task) && this.args.equals(other.args)
				&& this.kwargs.equals(other.kwargs) && this.options.equals(other.options)
				&& this.immutable == other.immutable;
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.task, this.args, this.kwargs, this.options, this.immutable);
	}

	@Override
	public String toString() {
		return this.task + (this.immutable ? ".si" : ".s") + this.args + (this.kwargs.isEmpty() ? "" : this.kwargs);
	}

}
