package io.celeryapi.internal.worker;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.celeryapi.internal.redis.RedisBroker;
import io.celeryapi.worker.TaskEndpoint;

/**
 * Spaces task starts to a rate limit in Celery's {@code N/s|m|h} form. Each call reserves
 * the next free slot and says how long to wait for it, so held tasks run exactly at the
 * rate without blocking a runner. Per worker by default, as Celery; global limits reserve
 * their slots in Redis, on the server's clock, so that all workers together keep them.
 */
public final class RateLimiter {

	private final Map<String, Long> nextFreeNanos = new ConcurrentHashMap<>();

	private final RedisBroker broker;

	/**
	 * Creates a limiter.
	 * @param broker the broker, for global limits
	 */
	public RateLimiter(RedisBroker broker) {
		this.broker = broker;
	}

	/**
	 * Reserves a start for a task.
	 * @param endpoint the task
	 * @return how long to wait before starting it, in nanoseconds; 0 to start now
	 */
	public long reserve(TaskEndpoint endpoint) {
		long interval = intervalNanos(endpoint.getRateLimit());
		if (interval <= 0) {
			return 0;
		}
		if (endpoint.isGlobalRateLimit()) {
			return this.broker.reserveGlobalSlot("celery-api.rate-limit." + endpoint.getName(), interval / 1000)
				* 1000;
		}
		long now = System.nanoTime();
		long start = this.nextFreeNanos.merge(endpoint.getName(), now + interval,
				(next, ignored) -> Math.max(next, now) + interval) - interval;
		return Math.max(0, start - now);
	}

	/**
	 * The time between two starts for a rate.
	 * @param rate Celery's form, for example {@code 10/s}
	 * @return nanoseconds, 0 for no limit
	 * @throws IllegalArgumentException when the rate is malformed
	 */
	public static long intervalNanos(String rate) {
		if (rate == null || rate.isBlank()) {
			return 0;
		}
		String[] parts = rate.trim().split("/");
		double count = Double.parseDouble(parts[0]);
		if (count <= 0) {
			return 0;
		}
		double seconds = (parts.length < 2) ? 1 : switch (parts[1]) {
			case "s" -> 1;
			case "m" -> 60;
			case "h" -> 3600;
			default -> throw new IllegalArgumentException("Invalid rate limit '" + rate + "'");
		};
		return (long) (seconds * 1e9 / count);
	}

}
