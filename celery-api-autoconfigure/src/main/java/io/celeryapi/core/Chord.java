package io.celeryapi.core;

/**
 * A group whose results, in order, go to one more task once all of them finished
 * (Celery's {@code chord}). If a header task fails, the body fails with a
 * {@code ChordError} instead of running.
 *
 * @param <T> the body's result type
 * @author celery-api
 * @since 0.1.0
 */
public final class Chord<T> {

	private final Group header;

	private final Signature<T> body;

	private Chord(Group header, Signature<T> body) {
		this.header = header;
		this.body = body;
	}

	/**
	 * A chord.
	 * @param <T> the body's result type
	 * @param header the tasks that run in parallel
	 * @param body the task that gets their results as a list
	 * @return the chord
	 */
	public static <T> Chord<T> of(Group header, Signature<T> body) {
		return new Chord<>(header, body);
	}

	/**
	 * The header group.
	 * @return the header
	 */
	public Group getHeader() {
		return this.header;
	}

	/**
	 * The body task.
	 * @return the body
	 */
	public Signature<T> getBody() {
		return this.body;
	}

	@Override
	public String toString() {
		return "chord(" + this.header + ", " + this.body + ")";
	}

}
