package io.celeryapi.internal.client;

import io.lettuce.core.RedisURI;
import tools.jackson.databind.json.JsonMapper;

import io.celeryapi.internal.TaskPublisher;
import io.celeryapi.internal.redis.RedisBroker;
import io.celeryapi.internal.redis.RedisConnections;
import io.celeryapi.internal.redis.RedisResultBackend;

/**
 * A {@link TaskPublisher} built on real objects that never connect: its Redis connections
 * are opened lazily, and the tests that use it call only methods that send nothing.
 */
final class OfflinePublisher implements AutoCloseable {

	private final RedisConnections connections;

	private final TaskPublisher publisher;

	OfflinePublisher() {
		RedisURI nowhere = RedisURI.create("redis://127.0.0.1:1/0");
		this.connections = new RedisConnections(nowhere, nowhere);
		this.publisher = new TaskPublisher(new RedisBroker(this.connections),
				new RedisResultBackend(this.connections, java.time.Duration.ofDays(1)), JsonMapper.builder().build());
	}

	TaskPublisher publisher() {
		return this.publisher;
	}

	@Override
	public void close() {
		this.connections.close();
	}

}
