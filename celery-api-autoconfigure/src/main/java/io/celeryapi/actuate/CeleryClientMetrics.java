package io.celeryapi.actuate;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.celeryapi.client.ClientCallListener;

import org.jspecify.annotations.Nullable;

/**
 * Micrometer metrics of client calls: the {@code celery.client.calls} timer, tags
 * {@code task} and {@code outcome}. It records from the moment it is bound to a
 * registry.
 *
 * @author celery-api
 * @since 0.1.0
 */
public class CeleryClientMetrics implements ClientCallListener, MeterBinder {

	private final Map<String, Timer> timers = new ConcurrentHashMap<>();

	private volatile @Nullable MeterRegistry registry;

	@Override
	public void bindTo(MeterRegistry registry) {
		this.timers.clear();
		this.registry = registry;
	}

	@Override
	public void completed(String task, String outcome, long nanos) {
		MeterRegistry registry = this.registry;
		if (registry != null) {
			this.timers.computeIfAbsent(task + '\u0000' + outcome, (key) -> Timer.builder("celery.client.calls")
				.description("Client calls, from sending to the result")
				.tag("task", task)
				.tag("outcome", outcome)
				.register(registry)).record(nanos, TimeUnit.NANOSECONDS);
		}
	}

}
