package io.celeryapi.internal.redis;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

import io.celeryapi.internal.protocol.ResultMeta;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Delivers results to waiting callers through one pub/sub connection per process: it
 * subscribes to {@code celery-task-meta-<id>}, and every time a subscription is
 * confirmed (first time, and again after a reconnect) it reads the key, so that a result
 * stored before the subscription, or while disconnected, is never missed. No polling.
 */
final class ResultWatcher implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(ResultWatcher.class);

	private static final String PREFIX = "celery-task-meta-";

	private final RedisConnections connections;

	private final ConcurrentHashMap<String, CompletableFuture<ResultMeta>> waiting = new ConcurrentHashMap<>();

	private volatile @Nullable StatefulRedisPubSubConnection<String, String> pubSub;

	ResultWatcher(RedisConnections connections) {
		this.connections = connections;
	}

	CompletableFuture<ResultMeta> watch(String taskId) {
		CompletableFuture<ResultMeta> created = new CompletableFuture<>();
		CompletableFuture<ResultMeta> existing = this.waiting.putIfAbsent(taskId, created);
		if (existing != null) {
			return existing;
		}
		pubSub().async().subscribe(RedisKeys.resultKey(taskId)).whenComplete((ok, ex) -> {
			if (ex != null) {
				fail(taskId, ex);
			}
		});
		return created;
	}

	void cancel(String taskId) {
		CompletableFuture<ResultMeta> future = this.waiting.remove(taskId);
		if (future != null) {
			future.cancel(false);
			unsubscribe(taskId);
		}
	}

	private StatefulRedisPubSubConnection<String, String> pubSub() {
		StatefulRedisPubSubConnection<String, String> connection = this.pubSub;
		if (connection == null) {
			synchronized (this) {
				connection = this.pubSub;
				if (connection == null) {
					// Connect the backend connection here, on the caller's thread: readStored
					// runs on the pub/sub event loop, where a first (blocking) connect would
					// wait for that very event loop and never complete.
					this.connections.backend();
					connection = this.connections.newBackendPubSub();
					connection.addListener(new Listener());
					this.pubSub = connection;
				}
			}
		}
		return connection;
	}

	private void onState(String taskId, String json) {
		ResultMeta meta = ResultMeta.parse(taskId, json);
		if (!meta.state().isReady()) {
			return;
		}
		CompletableFuture<ResultMeta> future = this.waiting.remove(taskId);
		if (future != null) {
			unsubscribe(taskId);
			future.complete(meta);
		}
	}

	private void readStored(String taskId) {
		this.connections.backend().async().get(RedisKeys.resultKey(taskId)).whenComplete((json, ex) -> {
			if (ex != null) {
				logger.debug("Could not read result of " + taskId + ": " + ex.getMessage());
			}
			else if (json != null) {
				onState(taskId, json);
			}
		});
	}

	private void unsubscribe(String taskId) {
		StatefulRedisPubSubConnection<String, String> connection = this.pubSub;
		if (connection != null) {
			connection.async().unsubscribe(RedisKeys.resultKey(taskId));
		}
	}

	private void fail(String taskId, Throwable ex) {
		CompletableFuture<ResultMeta> future = this.waiting.remove(taskId);
		if (future != null) {
			future.completeExceptionally(ex);
		}
	}

	@Override
	public void close() {
		StatefulRedisPubSubConnection<String, String> connection = this.pubSub;
		if (connection != null) {
			connection.close();
		}
		this.waiting.values().forEach((future) -> future.cancel(false));
		this.waiting.clear();
	}

	private final class Listener extends RedisPubSubAdapter<String, String> {

		@Override
		public void message(String channel, String message) {
			if (channel.startsWith(PREFIX)) {
				onState(channel.substring(PREFIX.length()), message);
			}
		}

		@Override
		public void subscribed(String channel, long count) {
			if (channel.startsWith(PREFIX)) {
				String taskId = channel.substring(PREFIX.length());
				if (ResultWatcher.this.waiting.containsKey(taskId)) {
					readStored(taskId);
				}
			}
		}

	}

}
