package io.celeryapi.internal.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.CompletableFuture;

import io.lettuce.core.ScriptOutputType;

import io.celeryapi.internal.protocol.ResultMeta;

import org.jspecify.annotations.Nullable;

/**
 * Celery's Redis result backend: {@code celery-task-meta-<id>} keys with a TTL, and a
 * PUBLISH on the channel of the same name at every state change.
 */
public final class RedisResultBackend implements AutoCloseable {

	// Stores KEYS[i] = ARGV[i + 1] in order, never overwriting a SUCCESS (Celery checks with
	// a GET first; here it is atomic), and publishes each stored state on its key's channel.
	private static final LuaScript STORE = new LuaScript("""
			local ttl = tonumber(ARGV[1])
			local stored = {}
			for i = 1, #KEYS do
			  local current = redis.call('GET', KEYS[i])
			  if current and string.find(current, '"status"%s*:%s*"SUCCESS"') then
			    stored[i] = 0
			  else
			    if ttl > 0 then
			      redis.call('SETEX', KEYS[i], ttl, ARGV[i + 1])
			    else
			      redis.call('SET', KEYS[i], ARGV[i + 1])
			    end
			    redis.call('PUBLISH', KEYS[i], ARGV[i + 1])
			    stored[i] = 1
			  end
			end
			return stored
			""", ScriptOutputType.MULTI);

	/** Most results in one batched store. */
	private static final int MAX_BATCH = 128;

	// Celery's chord join on Redis: the header task that completes the count gets the results.
	private static final LuaScript JOIN_CHORD = new LuaScript("""
			redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
			local count = redis.call('ZCOUNT', KEYS[1], '-inf', '+inf')
			local added = redis.call('GET', KEYS[2])
			local size = redis.call('GET', KEYS[3])
			redis.call('EXPIRE', KEYS[1], ARGV[3])
			redis.call('EXPIRE', KEYS[2], ARGV[3])
			redis.call('EXPIRE', KEYS[3], ARGV[3])
			if not size then
			  return {}
			end
			if count == tonumber(size) + (tonumber(added) or 0) then
			  return redis.call('ZRANGE', KEYS[1], 0, -1)
			end
			return {}
			""", ScriptOutputType.MULTI);

	private final RedisConnections connections;

	private final long expiresSeconds;

	private final ResultWatcher watcher;

	private final Batcher<String[], Boolean> stores = new Batcher<>(MAX_BATCH, this::storeAll);

	private final ExecutorService callbacks = callbackExecutor();

	/**
	 * Creates a backend.
	 * @param connections the connections
	 * @param expires how long results are kept; zero or negative keeps them forever
	 */
	public RedisResultBackend(RedisConnections connections, Duration expires) {
		this.connections = connections;
		this.expiresSeconds = Math.max(0, expires.toSeconds());
		this.watcher = new ResultWatcher(connections);
	}

	/**
	 * Stores a state, unless a SUCCESS is stored already. States stored while others are on
	 * the wire go together in one script run, in the order they were stored.
	 * @param taskId the task id
	 * @param json the result JSON
	 * @return {@code true} when stored
	 */
	public CompletableFuture<Boolean> store(String taskId, String json) {
		return this.stores.add(new String[] { RedisKeys.resultKey(taskId), json });
	}

	/**
	 * Stores several states in one atomic step, in order, each unless a SUCCESS is stored
	 * already: no reader sees one without the others (a failed chain step and the failure
	 * of every later link, for example).
	 * @param states task id to result JSON, in order
	 * @return whether the first state was stored
	 */
	public CompletableFuture<Boolean> storeTogether(Map<String, String> states) {
		String[] pairs = new String[states.size() * 2];
		int i = 0;
		for (Map.Entry<String, String> state : states.entrySet()) {
			pairs[i++] = RedisKeys.resultKey(state.getKey());
			pairs[i++] = state.getValue();
		}
		return this.stores.add(pairs);
	}

	/** Runs a batch of items, each one or more key/JSON pairs, as one script run. */
	private CompletableFuture<List<Boolean>> storeAll(List<String[]> batch) {
		int pairs = 0;
		for (String[] item : batch) {
			pairs += item.length / 2;
		}
		String[] keys = new String[pairs];
		String[] args = new String[pairs + 1];
		args[0] = String.valueOf(this.expiresSeconds);
		int[] firstPair = new int[batch.size()];
		int pair = 0;
		for (int i = 0; i < batch.size(); i++) {
			firstPair[i] = pair;
			String[] item = batch.get(i);
			for (int j = 0; j + 1 < item.length; j += 2) {
				keys[pair] = item[j];
				args[pair + 1] = item[j + 1];
				pair++;
			}
		}
		return STORE.<List<Object>>run(this.connections.backend().async(), keys, args).thenApply((flags) -> {
			List<Boolean> stored = new java.util.ArrayList<>(batch.size());
			for (int first : firstPair) {
				stored.add(Long.valueOf(1L).equals(flags.get(first)));
			}
			return stored;
		});
	}

	/**
	 * Where the stages of callers' futures run: never on Redis's I/O threads, which they
	 * could block, and not on {@code CompletableFuture}'s default executor, which on a
	 * machine with fewer than three CPUs starts a thread per task.
	 * @return the executor
	 */
	public Executor callbacks() {
		return this.callbacks;
	}

	private static ExecutorService callbackExecutor() {
		int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
		AtomicInteger count = new AtomicInteger();
		ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), (task) -> {
					Thread thread = new Thread(task, "celery-callbacks-" + count.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		executor.allowCoreThreadTimeOut(true);
		return executor;
	}

	/**
	 * Stores a chord's header size ({@code celery-taskset-meta-<group>.s}).
	 * @param groupId the group id
	 * @param size the header size
	 */
	public void setChordSize(String groupId, int size) {
		this.connections.backend().sync().setex(ChordKeys.size(groupId), Math.max(1, this.expiresSeconds == 0 ? 86400
				: this.expiresSeconds), String.valueOf(size));
	}

	/**
	 * Adds a finished chord header task to its group's join, and returns every header
	 * entry when this one completed the chord.
	 * @param groupId the group id
	 * @param groupIndex the task's position in the header, or {@code null}
	 * @param entry the entry, {@code [1, task_id, state, result]}
	 * @return the entries in header order when the chord is complete, else empty
	 */
	public java.util.List<String> joinChord(String groupId, @Nullable Integer groupIndex, String entry) {
		long ttl = (this.expiresSeconds == 0) ? 86400 : this.expiresSeconds;
		java.util.List<Object> entries = JOIN_CHORD.<java.util.List<Object>>run(this.connections.backend().async(),
				new String[] { ChordKeys.joined(groupId), ChordKeys.added(groupId), ChordKeys.size(groupId) },
				(groupIndex != null) ? String.valueOf(groupIndex) : "+inf", entry, String.valueOf(ttl)).join();
		return (entries == null) ? java.util.List.of() : entries.stream().map(String::valueOf).toList();
	}

	/**
	 * Deletes a completed chord's join keys.
	 * @param groupId the group id
	 */
	public void deleteChord(String groupId) {
		this.connections.backend()
			.async()
			.del(ChordKeys.joined(groupId), ChordKeys.added(groupId), ChordKeys.size(groupId));
	}

	/**
	 * Reads the stored state.
	 * @param taskId the task id
	 * @return the meta, or {@code null} when nothing is stored (PENDING)
	 */
	public @Nullable ResultMeta get(String taskId) {
		String json = this.connections.backend().sync().get(RedisKeys.resultKey(taskId));
		return (json != null) ? ResultMeta.parse(taskId, json) : null;
	}

	/**
	 * Deletes the stored state.
	 * @param taskId the task id
	 */
	public void forget(String taskId) {
		this.watcher.cancel(taskId);
		this.connections.backend().sync().del(RedisKeys.resultKey(taskId));
	}

	/**
	 * Stops waiting for a task's state, for example one that could not be sent.
	 * @param taskId the task id
	 */
	public void unwatch(String taskId) {
		this.watcher.cancel(taskId);
	}

	/**
	 * Waits for a ready state, through the process's single pub/sub connection.
	 * @param taskId the task id
	 * @return completes with the ready meta
	 */
	public CompletableFuture<ResultMeta> watch(String taskId) {
		return this.watcher.watch(taskId);
	}

	@Override
	public void close() {
		this.watcher.close();
		this.callbacks.shutdown();
	}

}
