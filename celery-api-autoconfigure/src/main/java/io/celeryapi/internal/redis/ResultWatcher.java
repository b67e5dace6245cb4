package io.celeryapi.internal.redis;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import io.lettuce.core.KeyValue;
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

	private static final int MAX_BATCH = 256;

	private final RedisConnections connections;

	private final ConcurrentHashMap<String, CompletableFuture<ResultMeta>> waiting = new ConcurrentHashMap<>();

	private volatile @Nullable StatefulRedisPubSubConnection<String, String> pubSub;

	// Under load, subscriptions, reads and unsubscriptions each go many ids to a command.
	private final Batcher<String, Object> subscriptions = Batcher.wholeBatch(MAX_BATCH,
			(channels) -> pubSub().async().subscribe(channels.toArray(String[]::new)));

	private final Batcher<String, Object> unsubscriptions = Batcher.wholeBatch(MAX_BATCH, this::unsubscribeAll);

	private final Batcher<String, Object> reads = Batcher.wholeBatch(MAX_BATCH, this::readAll);

	ResultWatcher(RedisConnections connections) {
		this.connections = connections;
	}

	CompletableFuture<ResultMeta> watch(String taskId) {
		CompletableFuture<ResultMeta> created = new CompletableFuture<>();
		CompletableFuture<ResultMeta> existing = this.waiting.putIfAbsent(taskId, created);
		if (existing != null) {
			return existing;
		}
		this.subscriptions.add(RedisKeys.resultKey(taskId)).whenComplete((ok, ex) -> {
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
		this.reads.add(RedisKeys.resultKey(taskId)).whenComplete((ok, ex) -> {
			if (ex != null) {
				logger.debug("Could not read result of " + taskId + ": " + ex.getMessage());
			}
		});
	}

	private CompletionStage<?> readAll(List<String> keys) {
		return this.connections.backend().async().mget(keys.toArray(String[]::new)).thenAccept((values) -> {
			for (KeyValue<String, String> value : values) {
				if (value.hasValue()) {
					onState(value.getKey().substring(PREFIX.length()), value.getValue());
				}
			}
		});
	}

	private void unsubscribe(String taskId) {
		if (this.pubSub != null) {
			this.unsubscriptions.add(RedisKeys.resultKey(taskId));
		}
	}

	private CompletionStage<?> unsubscribeAll(List<String> channels) {
		StatefulRedisPubSubConnection<String, String> connection = this.pubSub;
		if (connection == null) {
			return CompletableFuture.completedFuture(null);
		}
		return connection.async().unsubscribe(channels.toArray(String[]::new));
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
