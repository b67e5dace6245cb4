package io.celeryapi.internal.redis;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.celeryapi.test.RedisServer;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fetch script records every envelope in kombu's unacked bookkeeping under its delivery
 * tag, whatever the layout: read from the tail for the layouts kombu and this library
 * write, decoded for any other.
 */
class RedisBrokerFetchIntegrationTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final String[] KEYS = { RedisKeys.queueKey("it.fetch", 0), RedisKeys.queueKey("it.fetch", 3) };

	static RedisServer redis;

	static RedisConnections connections;

	static StatefulRedisConnection<String, String> consumer;

	final RedisBroker broker = new RedisBroker(connections);

	@BeforeAll
	static void start() {
		redis = RedisServer.start();
		connections = new RedisConnections(RedisURI.create(redis.url(0)), RedisURI.create(redis.url(1)));
		consumer = connections.newBrokerConnection();
	}

	@AfterAll
	static void stop() {
		consumer.close();
		connections.close();
		redis.close();
	}

	@BeforeEach
	void flush() {
		redis.command("FLUSHDB");
	}

	@Test
	void pythonLayoutIsRecordedAsKombuDoes() {
		// As kombu writes it: json.dumps separators, properties last.
		String tag = UUID.randomUUID().toString();
		String message = "{\"body\": \"W1syLCAzXSwge30sIHt9XQ==\", \"content-encoding\": \"utf-8\", "
				+ "\"content-type\": \"application/json\", \"headers\": {\"lang\": \"py\", \"task\": \"t\", "
				+ "\"id\": \"1\"}, \"properties\": {\"correlation_id\": \"1\", \"reply_to\": \"r\", "
				+ "\"delivery_mode\": 2, \"delivery_info\": {\"exchange\": \"\", \"routing_key\": \"it.fetch\"}, "
				+ "\"priority\": 0, \"body_encoding\": \"base64\", \"delivery_tag\": \"" + tag + "\"}}";
		assertRecorded(message, tag, "", "it.fetch");
	}

	@Test
	void compactLayoutIsRecorded() {
		String tag = UUID.randomUUID().toString();
		String message = "{\"body\":\"W1tdLHt9LHt9XQ==\",\"content-encoding\":\"utf-8\",\"content-type\":\"application/json\","
				+ "\"headers\":{\"task\":\"t\",\"id\":\"2\"},\"properties\":{\"correlation_id\":\"2\",\"delivery_mode\":2,"
				+ "\"delivery_info\":{\"exchange\":\"tasks\",\"routing_key\":\"it.fetch.key\"},\"priority\":3,"
				+ "\"body_encoding\":\"base64\",\"delivery_tag\":\"" + tag + "\"}}";
		assertRecorded(message, tag, "tasks", "it.fetch.key");
	}

	@Test
	void otherLayoutsAreDecoded() {
		String tag = UUID.randomUUID().toString();
		String propertiesFirst = "{\"properties\": {\"delivery_tag\": \"" + tag + "\", \"delivery_info\": "
				+ "{\"routing_key\": \"it.fetch\", \"exchange\": \"\"}}, \"body\": \"W1tdLHt9LHt9XQ==\", "
				+ "\"content-type\": \"application/json\", \"headers\": {\"task\": \"t\", \"id\": \"3\"}}";
		assertRecorded(propertiesFirst, tag, "", "it.fetch");
	}

	@Test
	void valuesTheTailCannotTakeAreDecoded() {
		// An escaped quote in the routing key: the tail does not match, decoding does.
		String tag = UUID.randomUUID().toString();
		String message = "{\"body\": \"W1tdLHt9LHt9XQ==\", \"headers\": {\"task\": \"t\", \"id\": \"4\"}, "
				+ "\"properties\": {\"delivery_info\": {\"exchange\": \"\", \"routing_key\": \"odd\\\"key\"}, "
				+ "\"priority\": null, \"body_encoding\": \"base64\", \"delivery_tag\": \"" + tag + "\"}}";
		assertRecorded(message, tag, "", "odd\"key");
	}

	@Test
	void theTailIsReadWithoutDecodingTheRest() {
		// Recorded, not decoded: the worker, which parses every message, rejects it and
		// acknowledges the tag it was recorded under.
		String message = "{not json, " + compact("tail-only").substring(1);
		redis.command("LPUSH", KEYS[0], message);
		assertThat(this.broker.fetch(consumer.sync(), KEYS, 10))
			.containsExactly(new RedisBroker.Fetched(KEYS[0], message, "tail-only"));
		assertThat(redis.hgetall(RedisKeys.UNACKED)).containsOnlyKeys("tail-only");
	}

	@Test
	void messagesWithoutATagAreReturnedUnrecorded() {
		redis.command("LPUSH", KEYS[0], "not json", "{\"properties\": {\"delivery_info\": {}}}");
		List<RedisBroker.Fetched> fetched = this.broker.fetch(consumer.sync(), KEYS, 10);
		assertThat(fetched).extracting(RedisBroker.Fetched::message)
			.containsExactly("not json", "{\"properties\": {\"delivery_info\": {}}}");
		assertThat(fetched).extracting(RedisBroker.Fetched::deliveryTag).containsOnlyNulls();
		assertThat(redis.hgetall(RedisKeys.UNACKED)).isEmpty();
		assertThat(redis.command("ZCARD", RedisKeys.UNACKED_INDEX)).isEqualTo("0");
	}

	@Test
	void takesAtMostTheLimitMostUrgentListFirstAndRecordsEachOne() {
		for (int i = 0; i < 5; i++) {
			redis.command("LPUSH", KEYS[1], compact("low-" + i));
			redis.command("LPUSH", KEYS[0], compact("high-" + i));
		}
		List<RedisBroker.Fetched> fetched = this.broker.fetch(consumer.sync(), KEYS, 7);
		assertThat(fetched).extracting(RedisBroker.Fetched::deliveryTag)
			.containsExactly("high-0", "high-1", "high-2", "high-3", "high-4", "low-0", "low-1");
		assertThat(fetched).extracting(RedisBroker.Fetched::key)
			.containsExactly(KEYS[0], KEYS[0], KEYS[0], KEYS[0], KEYS[0], KEYS[1], KEYS[1]);
		assertThat(redis.hgetall(RedisKeys.UNACKED)).containsOnlyKeys("high-0", "high-1", "high-2", "high-3",
				"high-4", "low-0", "low-1");
		assertThat(redis.command("ZCARD", RedisKeys.UNACKED_INDEX)).isEqualTo("7");
		assertThat(redis.llen(KEYS[1])).isEqualTo(3);
	}

	private static String compact(String tag) {
		return "{\"body\":\"W1tdLHt9LHt9XQ==\",\"properties\":{\"delivery_info\":{\"exchange\":\"\","
				+ "\"routing_key\":\"it.fetch\"},\"priority\":0,\"body_encoding\":\"base64\",\"delivery_tag\":\"" + tag
				+ "\"}}";
	}

	private void assertRecorded(String message, String tag, String exchange, String routingKey) {
		redis.command("LPUSH", KEYS[0], message);
		List<RedisBroker.Fetched> fetched = this.broker.fetch(consumer.sync(), KEYS, 10);
		assertThat(fetched).containsExactly(new RedisBroker.Fetched(KEYS[0], message, tag));
		Map<String, String> unacked = redis.hgetall(RedisKeys.UNACKED);
		assertThat(unacked).containsOnlyKeys(tag);
		// kombu's triple, which Python's restore reads: [envelope object, exchange, routing key].
		JsonNode triple = JSON.readTree(unacked.get(tag));
		assertThat(triple.size()).isEqualTo(3);
		assertThat(triple.get(0)).isEqualTo(JSON.readTree(message));
		assertThat(triple.get(1).asString()).isEqualTo(exchange);
		assertThat(triple.get(2).asString()).isEqualTo(routingKey);
		assertThat(redis.command("ZSCORE", RedisKeys.UNACKED_INDEX, tag)).isNotNull();
	}

}
