package io.celeryapi.internal.client;

import java.time.Duration;
import java.util.function.Function;

import io.celeryapi.inspect.CeleryInspector;
import io.celeryapi.inspect.TaskCatalog;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Discovery routing: a task goes to a queue of a live worker that registered it. What
 * the workers said is cached for a while, so a call rarely waits for an inspect round.
 */
public final class DiscoveryRouter implements Function<String, @Nullable String> {

	private static final Log logger = LogFactory.getLog(DiscoveryRouter.class);

	private final CeleryInspector inspector;

	private final Duration ttl;

	private final Duration timeout;

	private @Nullable TaskCatalog catalog;

	private long expiresAtNanos;

	/**
	 * Creates a router.
	 * @param inspector asks the workers
	 * @param ttl how long an answer is used
	 * @param timeout how long to wait for workers' replies
	 */
	public DiscoveryRouter(CeleryInspector inspector, Duration ttl, Duration timeout) {
		this.inspector = inspector;
		this.ttl = ttl;
		this.timeout = timeout;
	}

	@Override
	public @Nullable String apply(String taskName) {
		TaskCatalog.Entry entry = catalog().get(taskName);
		return (entry != null && !entry.queues().isEmpty()) ? entry.queues().iterator().next() : null;
	}

	private synchronized TaskCatalog catalog() {
		if (this.catalog == null || System.nanoTime() - this.expiresAtNanos > 0) {
			try {
				this.catalog = this.inspector.catalog(this.timeout);
			}
			catch (RuntimeException ex) {
				logger.warn("Discovery routing could not ask the workers: " + ex.getMessage());
				if (this.catalog == null) {
					this.catalog = TaskCatalog.of(java.util.Map.of(), java.util.Map.of());
				}
			}
			this.expiresAtNanos = System.nanoTime() + this.ttl.toNanos();
		}
		return this.catalog;
	}

}
