package io.celeryapi.autoconfigure;

import java.util.function.Supplier;

import org.springframework.beans.factory.ObjectProvider;

/**
 * An {@link ObjectProvider} that falls back to a default instance when no bean is
 * available, created once.
 *
 * @param <T> the object type
 */
final class FallbackProvider<T> implements ObjectProvider<T> {

	private final ObjectProvider<T> delegate;

	private final Supplier<T> fallback;

	private volatile T resolved;

	FallbackProvider(ObjectProvider<T> delegate, Supplier<T> fallback) {
		this.delegate = delegate;
		this.fallback = fallback;
	}

	@Override
	public T getObject() {
		T object = this.resolved;
		if (object == null) {
			object = this.delegate.getIfAvailable(this.fallback);
			this.resolved = object;
		}
		return object;
	}

	@Override
	public T getObject(Object... args) {
		return getObject();
	}

	@Override
	public T getIfAvailable() {
		return getObject();
	}

	@Override
	public T getIfUnique() {
		return getObject();
	}

}
