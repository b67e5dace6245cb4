package io.celeryapi.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Tasks that run one after another, each receiving the previous result as its first
 * argument unless its signature is {@linkplain Signature#immutable() immutable}
 * (Celery's {@code chain}, {@code a | b | c}).
 *
 * <pre class="code">
 * AsyncResult&lt;Integer&gt; last = celery.send(Chain.of(Signature.of("add", 1, 2))
 *     .then(Signature.of("mul", 3).as(Integer.class)));
 * </pre>
 *
 * @param <T> the result type of the last task
 * @author celery-api
 * @since 0.1.0
 */
public final class Chain<T> {

	private final List<Signature<?>> steps;

	private Chain(List<Signature<?>> steps) {
		this.steps = List.copyOf(steps);
	}

	/**
	 * A chain that starts with one task.
	 * @param <T> the result type
	 * @param first the first task
	 * @return the chain
	 */
	public static <T> Chain<T> of(Signature<T> first) {
		return new Chain<>(List.of(first));
	}

	/**
	 * The chain with one more task at its end.
	 * @param <R> the new last result type
	 * @param next the task that gets this chain's result
	 * @return the longer chain
	 */
	public <R> Chain<R> then(Signature<R> next) {
		List<Signature<?>> steps = new ArrayList<>(this.steps);
		steps.add(next);
		return new Chain<>(steps);
	}

	/**
	 * The tasks, first to last.
	 * @return the steps
	 */
	public List<Signature<?>> getSteps() {
		return this.steps;
	}

	@Override
	public String toString() {
		return String.join(" | ", this.steps.stream().map(Signature::toString).toList());
	}

}
