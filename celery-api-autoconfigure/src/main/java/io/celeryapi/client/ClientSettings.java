package io.celeryapi.client;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Defaults of one client's calls, bound from {@code celery.client.<name>.*}; the
 * {@code methods.<method>.*} entries set them for one method.
 *
 * @author celery-api
 * @since 0.1.0
 */
public class ClientSettings {

	/**
	 * Queue of the calls.
	 */
	private @Nullable String queue;

	/**
	 * How long a synchronous call waits for its result.
	 */
	private @Nullable Duration timeout;

	/**
	 * Delay before the task may run.
	 */
	private @Nullable Duration countdown;

	/**
	 * How long after sending the task may still start.
	 */
	private @Nullable Duration expires;

	/**
	 * Message priority 0-9.
	 */
	private @Nullable Integer priority;

	/**
	 * Whether the worker stores no result.
	 */
	private @Nullable Boolean ignoreResult;

	/**
	 * Settings of single methods, by method name (in any case, with or without dashes:
	 * {@code open-account} or {@code openAccount}).
	 */
	private Map<String, ClientSettings> methods = new LinkedHashMap<>();

	public @Nullable String getQueue() {
		return this.queue;
	}

	public void setQueue(@Nullable String queue) {
		this.queue = queue;
	}

	public @Nullable Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(@Nullable Duration timeout) {
		this.timeout = timeout;
	}

	public @Nullable Duration getCountdown() {
		return this.countdown;
	}

	public void setCountdown(@Nullable Duration countdown) {
		this.countdown = countdown;
	}

	public @Nullable Duration getExpires() {
		return this.expires;
	}

	public void setExpires(@Nullable Duration expires) {
		this.expires = expires;
	}

	public @Nullable Integer getPriority() {
		return this.priority;
	}

	public void setPriority(@Nullable Integer priority) {
		this.priority = priority;
	}

	public @Nullable Boolean getIgnoreResult() {
		return this.ignoreResult;
	}

	public void setIgnoreResult(@Nullable Boolean ignoreResult) {
		this.ignoreResult = ignoreResult;
	}

	public Map<String, ClientSettings> getMethods() {
		return this.methods;
	}

	public void setMethods(Map<String, ClientSettings> methods) {
		this.methods = methods;
	}

}
