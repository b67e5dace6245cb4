package io.celeryapi.internal.redis;

import java.time.Duration;

import io.celeryapi.test.RedisServer;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Lettuce tracks each command's timeout on the connections' own timer (the one with the
 * short tick), and the timeout is gone once the command completed: a completed command,
 * with its arguments and reply, is not kept reachable by its timeout.
 */
class CommandTimeoutReleaseIntegrationTests {

	static RedisServer redis;

	static RedisConnections connections;

	@BeforeAll
	static void start() {
		redis = RedisServer.start();
		connections = new RedisConnections(RedisURI.create(redis.url(0)), RedisURI.create(redis.url(1)));
	}

	@AfterAll
	static void stop() {
		connections.close();
		redis.close();
	}

	@Test
	void aCommandsTimeoutIsQueuedWhileItRunsAndGoneOnceItCompleted() throws Exception {
		try (StatefulRedisConnection<String, String> connection = connections.newBrokerConnection()) {
			// idle: the handshake's commands have completed and their timeouts are gone
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(connections.timer().pendingTimeouts()).isZero());
			RedisFuture<KeyValue<String, String>> waiting = connection.async().blpop(30, "it.timer.list");
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(connections.timer().pendingTimeouts()).isOne());
			connections.broker().sync().rpush("it.timer.list", "x".repeat(10_000));
			assertThat(waiting.get().getValue()).hasSize(10_000);
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(connections.timer().pendingTimeouts()).isZero());
		}
	}

}
