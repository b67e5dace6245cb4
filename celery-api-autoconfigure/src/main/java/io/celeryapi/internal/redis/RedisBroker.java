package io.celeryapi.internal.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import io.lettuce.core.Range;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import tools.jackson.databind.JsonNode;

import io.celeryapi.core.CeleryException;
import io.celeryapi.internal.protocol.TaskMessageCodec;
import io.celeryapi.internal.protocol.WireJson;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * kombu's Redis transport: queues are lists (LPUSH to publish, BRPOP to consume), four
 * priority lists per queue, exchange bindings in {@code _kombu.binding.*} sets, and ack
 * emulation in the {@code unacked} hash and {@code unacked_index} sorted set.
 */
public final class RedisBroker {

	private static final Log logger = LogFactory.getLog(RedisBroker.class);

	private static final LuaScript RECORD_UNACKED = new LuaScript("""
			redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
			redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
			return 1
			""", ScriptOutputType.INTEGER);

	// Acknowledges every delivery tag in ARGV at once (ZREM and HDEL take many members).
	private static final LuaScript ACK = new LuaScript("""
			redis.call('ZREM', KEYS[2], unpack(ARGV))
			return redis.call('HDEL', KEYS[1], unpack(ARGV))
			""", ScriptOutputType.INTEGER);

	/** Most items in one batched command (well under Lua's unpack limit). */
	private static final int MAX_BATCH = 256;

	// Restores only if the tag is still unacked, so two restorers never duplicate a message.
	private static final LuaScript RESTORE = new LuaScript("""
			if redis.call('HDEL', KEYS[1], ARGV[1]) == 1 then
			  redis.call('ZREM', KEYS[2], ARGV[1])
			  redis.call('RPUSH', KEYS[3], ARGV[2])
			  return 1
			end
			return 0
			""", ScriptOutputType.INTEGER);

	private static final LuaScript RELEASE_MUTEX = new LuaScript("""
			if redis.call('GET', KEYS[1]) == ARGV[1] then
			  return redis.call('DEL', KEYS[1])
			end
			return 0
			""", ScriptOutputType.INTEGER);

	// Next free start of a globally rate-limited task, on the Redis server's clock (microseconds).
	private static final LuaScript RESERVE_SLOT = new LuaScript("""
			local time = redis.call('TIME')
			local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
			local interval = tonumber(ARGV[1])
			local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
			if nxt < now then nxt = now end
			redis.call('SET', KEYS[1], tostring(nxt + interval), 'PX', math.floor((nxt + interval - now) / 1000) + 1000)
			return nxt - now
			""", ScriptOutputType.INTEGER);

	// Parks a far-eta message: out of the unacked bookkeeping, into the schedule, atomically.
	private static final LuaScript PARK = new LuaScript("""
			redis.call('ZADD', KEYS[3], ARGV[2], ARGV[3])
			redis.call('ZREM', KEYS[2], ARGV[1])
			redis.call('HDEL', KEYS[1], ARGV[1])
			return 1
			""", ScriptOutputType.INTEGER);

	// Moves due parked messages back to their queues; each entry moves exactly once.
	private static final LuaScript MOVE_DUE = new LuaScript("""
			local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, 100)
			local moved = 0
			for _, entry in ipairs(due) do
			  if redis.call('ZREM', KEYS[1], entry) == 1 then
			    local sep = string.find(entry, '\\n', 1, true)
			    redis.call('RPUSH', string.sub(entry, 1, sep - 1), string.sub(entry, sep + 1))
			    moved = moved + 1
			  end
			end
			return moved
			""", ScriptOutputType.INTEGER);

	// Takes up to ARGV[1] ready messages, most urgent list first, and records each as unacked in
	// the same step (kombu's triple: the envelope object, exchange, routing key). Returns key,
	// message and the delivery tag it is recorded under ('' when not recorded) per message; a
	// message that is not a JSON envelope with a delivery tag is returned unrecorded so that the
	// worker dead-letters it.
	//
	// Decoding each envelope was a third of the server's time per task. kombu and this library
	// both write the properties last, ending in delivery_info, priority, body_encoding and
	// delivery_tag: tail() reads those at the end of the message (a plain search, then one
	// anchored match) instead. In valid JSON such a tail can only be real tokens (no quote or
	// backslash inside the values it takes, none before a quote it matches); any other layout
	// is decoded.
	private static final LuaScript FETCH = new LuaScript("""
			local TAIL = '^"delivery_info": ?{"exchange": ?"([^"\\\\]*)", ?"routing_key": ?"([^"\\\\]*)"}, ?'
			  .. '"priority": ?[%w%.%-]*, ?"body_encoding": ?"[^"\\\\]*", ?"delivery_tag": ?"([^"\\\\]+)"}}$'
			local function tail(message)
			  local at = string.find(message, '"delivery_info":', math.max(1, #message - 512), true)
			  while at do
			    local exchange, rk, tag = string.match(message, TAIL, at)
			    if tag then return exchange, rk, tag end
			    at = string.find(message, '"delivery_info":', at + 1, true)
			  end
			end
			local max = tonumber(ARGV[1])
			local out, index, records = {}, {}, {}
			local taken = 0
			for i = 3, #KEYS do
			  while taken < max do
			    local message = redis.call('RPOP', KEYS[i])
			    if not message then break end
			    taken = taken + 1
			    local exchange, rk, tag = tail(message)
			    local triple
			    if tag then
			      triple = '[' .. message .. ', "' .. exchange .. '", "' .. rk .. '"]'
			    else
			      local ok, envelope = pcall(cjson.decode, message)
			      if ok and type(envelope) == 'table' and type(envelope['properties']) == 'table' then
			        local properties = envelope['properties']
			        local info = properties['delivery_info']
			        if type(properties['delivery_tag']) == 'string' and type(info) == 'table' then
			          tag = properties['delivery_tag']
			          exchange = info['exchange']
			          if type(exchange) ~= 'string' then exchange = '' end
			          rk = info['routing_key']
			          triple = '[' .. message .. ', ' .. cjson.encode(exchange) .. ', '
			            .. ((type(rk) == 'string') and cjson.encode(rk) or 'null') .. ']'
			        end
			      end
			    end
			    if tag then
			      index[#index + 1] = ARGV[2]
			      index[#index + 1] = tag
			      records[#records + 1] = tag
			      records[#records + 1] = triple
			    end
			    out[#out + 1] = KEYS[i]
			    out[#out + 1] = message
			    out[#out + 1] = tag or ''
			  end
			  if taken >= max then break end
			end
			if #index > 0 then
			  redis.call('ZADD', KEYS[2], unpack(index))
			  redis.call('HSET', KEYS[1], unpack(records))
			end
			return out
			""", ScriptOutputType.MULTI);

	/** Sorted set of parked far-eta messages, scored by eta in milliseconds. */
	public static final String SCHEDULED = "celery-api.scheduled";

	private static final String[] UNACKED_KEYS = { RedisKeys.UNACKED, RedisKeys.UNACKED_INDEX };

	private final RedisConnections connections;

	private final Set<String> declaredQueues = ConcurrentHashMap.newKeySet();

	// Unacked records still on the wire, which commands on the same tag must not overtake.
	private final Map<String, CompletableFuture<?>> recording = new ConcurrentHashMap<>();

	private final Batcher<String, Object> acks = Batcher.wholeBatch(MAX_BATCH, this::ackAll);

	private final Batcher<Push, Object> pushes = Batcher.wholeBatch(MAX_BATCH, this::pushAll);

	/**
	 * Creates a broker on the given connections.
	 * @param connections the connections
	 */
	public RedisBroker(RedisConnections connections) {
		this.connections = connections;
	}

	private RedisAsyncCommands<String, String> async() {
		return this.connections.broker().async();
	}

	/**
	 * Declares a queue as kombu does, binding it to the default exchange of its own name.
	 * Idempotent and done once per queue and process.
	 * @param queue the queue
	 */
	public void declareQueue(String queue) {
		if (this.declaredQueues.add(queue)) {
			async().sadd(RedisKeys.bindingKey(queue), RedisKeys.bindingMember(queue, "", queue));
		}
	}

	/**
	 * Publishes an envelope, encoded in UTF-8 as it goes on the wire.
	 * @param exchange the exchange, {@code ""} to push straight to the queue named by the
	 * routing key
	 * @param routingKey the routing key
	 * @param priority the priority
	 * @param envelope the envelope JSON in UTF-8
	 * @return completes when Redis took the message
	 */
	public CompletableFuture<Void> publish(String exchange, String routingKey, int priority, byte[] envelope) {
		if (exchange.isEmpty()) {
			declareQueue(routingKey);
			return this.pushes.add(new Push(RedisKeys.queueKey(routingKey, priority), envelope)).thenApply((n) -> null);
		}
		List<String> queues = route(exchange, routingKey);
		if (queues.isEmpty()) {
			throw new CeleryException("No queue is bound to exchange '" + exchange + "' with routing key '"
					+ routingKey + "'; the message would be dropped");
		}
		CompletableFuture<?>[] pushes = queues.stream()
			.map((queue) -> lpush(RedisKeys.queueKey(queue, priority), List.of(envelope)))
			.toArray(CompletableFuture[]::new);
		return CompletableFuture.allOf(pushes);
	}

	/**
	 * Pushes a batch with one LPUSH per run of messages for the same list: LPUSH adds its
	 * values in order, so the consumer still takes them first in, first out.
	 */
	private CompletableFuture<Void> pushAll(List<Push> batch) {
		List<CompletableFuture<Long>> commands = new ArrayList<>();
		int start = 0;
		while (start < batch.size()) {
			String key = batch.get(start).key();
			int end = start + 1;
			while (end < batch.size() && batch.get(end).key().equals(key)) {
				end++;
			}
			List<byte[]> values = new ArrayList<>(end - start);
			for (int i = start; i < end; i++) {
				values.add(batch.get(i).envelope());
			}
			commands.add(lpush(key, values));
			start = end;
		}
		return CompletableFuture.allOf(commands.toArray(CompletableFuture[]::new));
	}

	/** LPUSH of values already in UTF-8: Lettuce writes the bytes as they are. */
	private CompletableFuture<Long> lpush(String key, List<byte[]> values) {
		CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).addKey(key);
		for (byte[] value : values) {
			args.add(value);
		}
		return async().dispatch(CommandType.LPUSH, new IntegerOutput<>(StringCodec.UTF8), args).toCompletableFuture();
	}

	private CompletableFuture<Long> ackAll(List<String> deliveryTags) {
		return ACK.run(async(), UNACKED_KEYS, deliveryTags.toArray(String[]::new));
	}

	/** A message on its way to a list, in UTF-8. */
	private record Push(String key, byte[] envelope) {
	}

	/**
	 * The queues an exchange routes a key to, from its bindings in Redis (direct and topic
	 * bindings; a topic binding carries its regex).
	 * @param exchange the exchange
	 * @param routingKey the routing key
	 * @return the queues
	 */
	public List<String> route(String exchange, @Nullable String routingKey) {
		Set<String> members = this.connections.broker().sync().smembers(RedisKeys.bindingKey(exchange));
		List<String> queues = new ArrayList<>();
		for (String member : members) {
			String[] parts = member.split(RedisKeys.SEP, -1);
			if (parts.length != 3) {
				continue;
			}
			boolean matches = parts[1].isEmpty() ? parts[0].equals(routingKey)
					: routingKey != null && Pattern.compile(parts[1]).matcher(routingKey).matches();
			if (matches && !queues.contains(parts[2])) {
				queues.add(parts[2]);
			}
		}
		return queues;
	}

	/**
	 * Records a delivered message as unacknowledged, before it is processed.
	 * @param deliveryTag the delivery tag
	 * @param raw the envelope exactly as received
	 * @param exchange the exchange it was published to
	 * @param routingKey its routing key
	 * @return completes when recorded
	 */
	public CompletableFuture<Long> recordUnacked(String deliveryTag, String raw, String exchange,
			@Nullable String routingKey) {
		// kombu stores the envelope itself (an object), not a string: Python restores parse it.
		String triple = "[" + raw + ", " + WireJson.MAPPER.writeValueAsString(exchange) + ", "
				+ WireJson.MAPPER.writeValueAsString(routingKey) + "]";
		String score = String.valueOf(System.currentTimeMillis() / 1000.0);
		CompletableFuture<Long> recorded = RECORD_UNACKED.run(async(), UNACKED_KEYS, deliveryTag, triple, score);
		this.recording.put(deliveryTag, recorded);
		recorded.whenComplete((n, ex) -> this.recording.remove(deliveryTag, recorded));
		return recorded;
	}

	/**
	 * Runs a command on a delivery tag once its unacked record, if still on the wire, is
	 * done: commands sent from different threads may reach Redis in either order.
	 */
	private <T> CompletableFuture<T> afterRecord(String deliveryTag, Supplier<CompletableFuture<T>> command) {
		CompletableFuture<?> recorded = this.recording.get(deliveryTag);
		if (recorded == null || recorded.isDone()) {
			return command.get();
		}
		return recorded.handle((n, ex) -> null).thenCompose((ignored) -> command.get());
	}

	/**
	 * Takes up to {@code max} ready messages at once, most urgent list first, recording each
	 * as unacknowledged in the same atomic step. Used on a worker's own connection.
	 * @param commands the consumer's connection
	 * @param keys the lists, in consume order
	 * @param max how many to take at most
	 * @return key, message and the delivery tag it is recorded under, per message
	 */
	public List<Fetched> fetch(RedisCommands<String, String> commands, String[] keys, int max) {
		String[] allKeys = new String[keys.length + 2];
		allKeys[0] = RedisKeys.UNACKED;
		allKeys[1] = RedisKeys.UNACKED_INDEX;
		System.arraycopy(keys, 0, allKeys, 2, keys.length);
		List<Object> flat = FETCH.runSync(commands, allKeys, String.valueOf(max),
				String.valueOf(System.currentTimeMillis() / 1000.0));
		List<Fetched> fetched = new ArrayList<>(flat.size() / 3);
		for (int i = 0; i + 2 < flat.size(); i += 3) {
			String tag = String.valueOf(flat.get(i + 2));
			fetched.add(new Fetched(String.valueOf(flat.get(i)), String.valueOf(flat.get(i + 1)),
					tag.isEmpty() ? null : tag));
		}
		return fetched;
	}

	/**
	 * A message taken by {@link #fetch}.
	 *
	 * @param key the list it came from
	 * @param message the envelope
	 * @param deliveryTag the tag it is recorded under as unacknowledged, or {@code null}
	 * when it was not recorded (not an envelope with a delivery tag)
	 */
	public record Fetched(String key, String message, @Nullable String deliveryTag) {
	}

	/**
	 * Acknowledges a message: removes it from the unacked bookkeeping. Acks that come
	 * while others are on the wire go together in one command.
	 * @param deliveryTag the delivery tag
	 * @return completes when acknowledged
	 */
	public CompletableFuture<?> ack(String deliveryTag) {
		return afterRecord(deliveryTag, () -> this.acks.add(deliveryTag));
	}

	/**
	 * Puts an unacknowledged message back where it is consumed next (RPUSH), flagged as
	 * redelivered, unless someone else restored or acknowledged it first.
	 * @param deliveryTag the delivery tag
	 * @param raw the envelope as received
	 * @param queue the queue to return it to
	 * @param priority its priority
	 * @return {@code true} when this call restored it
	 */
	public CompletableFuture<Boolean> restore(String deliveryTag, String raw, String queue, int priority) {
		String[] keys = { RedisKeys.UNACKED, RedisKeys.UNACKED_INDEX, RedisKeys.queueKey(queue, priority) };
		return afterRecord(deliveryTag,
				() -> RESTORE.<Long>run(async(), keys, deliveryTag, TaskMessageCodec.markRedelivered(raw)))
			.thenApply((n) -> n != null && n == 1L);
	}

	/**
	 * Restores messages unacknowledged for longer than the visibility timeout, as kombu's
	 * {@code restore_visible}: any worker may do it for all, under a mutex.
	 * @param visibilityTimeout how long a message may stay unacknowledged
	 * @return how many messages were restored
	 */
	public int restoreVisible(Duration visibilityTimeout) {
		RedisCommands<String, String> sync = this.connections.broker().sync();
		String token = UUID.randomUUID().toString();
		if (!"OK".equals(sync.set(RedisKeys.UNACKED_MUTEX, token, SetArgs.Builder.nx().px(300_000)))) {
			return 0;
		}
		int restored = 0;
		try {
			double ceiling = System.currentTimeMillis() / 1000.0 - visibilityTimeout.toMillis() / 1000.0;
			List<ScoredValue<String>> stale = sync.zrevrangebyscoreWithScores(RedisKeys.UNACKED_INDEX,
					Range.create(0, ceiling));
			for (ScoredValue<String> entry : stale) {
				if (restoreStored(sync, entry.getValue())) {
					restored++;
				}
			}
		}
		finally {
			RELEASE_MUTEX.run(async(), new String[] { RedisKeys.UNACKED_MUTEX }, token);
		}
		if (restored > 0) {
			logger.info("Restored " + restored + " unacknowledged message(s) older than " + visibilityTimeout);
		}
		return restored;
	}

	private boolean restoreStored(RedisCommands<String, String> sync, String deliveryTag) {
		String stored = sync.hget(RedisKeys.UNACKED, deliveryTag);
		if (stored == null) {
			sync.zrem(RedisKeys.UNACKED_INDEX, deliveryTag);
			return false;
		}
		try {
			JsonNode triple = WireJson.MAPPER.readTree(stored);
			JsonNode message = triple.get(0);
			String raw = message.isString() ? message.stringValue() : WireJson.MAPPER.writeValueAsString(message);
			String exchange = triple.path(1).asString("");
			String routingKey = triple.path(2).isNull() ? null : triple.path(2).asString();
			int priority = io.celeryapi.internal.protocol.Envelope.parse(raw).priority();
			List<String> queues = exchange.isEmpty() ? (routingKey != null ? List.of(routingKey) : List.of())
					: route(exchange, routingKey);
			if (queues.isEmpty()) {
				logger.error("Cannot restore message " + deliveryTag + ": no queue for exchange '" + exchange
						+ "' and routing key '" + routingKey + "'; it stays in '" + RedisKeys.UNACKED + "'");
				return false;
			}
			return restore(deliveryTag, raw, queues.get(0), priority).join();
		}
		catch (RuntimeException ex) {
			logger.error("Cannot restore unacked message " + deliveryTag + ": " + ex.getMessage()
					+ "; it stays in '" + RedisKeys.UNACKED + "'");
			return false;
		}
	}

	/**
	 * Reserves the next start of a globally rate-limited task.
	 * @param key the task's rate key
	 * @param intervalMicros time between two starts
	 * @return how long to wait, in microseconds
	 */
	public long reserveGlobalSlot(String key, long intervalMicros) {
		Long wait = RESERVE_SLOT.<Long>run(async(), new String[] { key }, String.valueOf(intervalMicros)).join();
		return (wait != null) ? Math.max(0, wait) : 0;
	}

	/**
	 * Parks a message whose eta lies beyond the visibility timeout: it leaves the unacked
	 * bookkeeping (so no worker restores and runs it early, Celery issue #2599) and waits in
	 * {@link #SCHEDULED} until {@link #moveDue()} puts it back in its queue.
	 * @param deliveryTag the delivery tag
	 * @param raw the envelope as received
	 * @param queue its queue
	 * @param priority its priority
	 * @param etaMillis its eta, in epoch milliseconds
	 * @return completes when parked
	 */
	public CompletableFuture<Long> park(String deliveryTag, String raw, String queue, int priority, long etaMillis) {
		return afterRecord(deliveryTag,
				() -> PARK.run(async(), new String[] { RedisKeys.UNACKED, RedisKeys.UNACKED_INDEX, SCHEDULED },
						deliveryTag, String.valueOf(etaMillis), RedisKeys.queueKey(queue, priority) + "\n" + raw));
	}

	/**
	 * Moves parked messages whose eta has come back to their queues.
	 * @return how many moved
	 */
	public long moveDue() {
		Long moved = MOVE_DUE.<Long>run(async(), new String[] { SCHEDULED },
				String.valueOf(System.currentTimeMillis())).join();
		return (moved != null) ? moved : 0;
	}

	/** Sorted set of revoked task ids, scored by when they may be forgotten (epoch seconds). */
	public static final String REVOKED = "celery-api.revoked";

	/**
	 * Keeps revoked ids until they expire.
	 * @param taskIds the ids
	 * @param expires how long to keep them
	 */
	public void persistRevoked(java.util.Collection<String> taskIds, Duration expires) {
		double until = System.currentTimeMillis() / 1000.0 + expires.toSeconds();
		for (String id : taskIds) {
			async().zadd(REVOKED, until, id);
		}
	}

	/**
	 * Revoked ids that have not expired.
	 * @return the ids
	 */
	public List<String> revokedIds() {
		RedisCommands<String, String> sync = this.connections.broker().sync();
		sync.zremrangebyscore(REVOKED, Range.create(0, System.currentTimeMillis() / 1000.0));
		return sync.zrange(REVOKED, 0, -1);
	}

	/**
	 * Appends an entry to a dead-letter list and waits until Redis has it.
	 * @param key the list
	 * @param entry the entry JSON
	 */
	public void deadLetter(String key, String entry) {
		this.connections.broker().sync().lpush(key, entry);
	}

	/**
	 * The entries of a dead-letter list, newest first.
	 * @param key the list
	 * @return the entries
	 */
	public List<String> deadLetters(String key) {
		return this.connections.broker().sync().lrange(key, 0, -1);
	}

	/**
	 * Ready messages per priority list of a queue.
	 * @param queue the queue
	 * @return priority step to length
	 */
	public Map<Integer, Long> depth(String queue) {
		RedisCommands<String, String> sync = this.connections.broker().sync();
		Map<Integer, Long> depth = new java.util.LinkedHashMap<>();
		for (int step : new int[] { 0, 3, 6, 9 }) {
			depth.put(step, sync.llen(RedisKeys.queueKey(queue, step)));
		}
		return depth;
	}

	/**
	 * The connections this broker uses.
	 * @return the connections
	 */
	public RedisConnections connections() {
		return this.connections;
	}

}
