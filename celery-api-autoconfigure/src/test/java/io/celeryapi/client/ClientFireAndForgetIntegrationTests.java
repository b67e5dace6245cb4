package io.celeryapi.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.celeryapi.annotation.CeleryCall;
import io.celeryapi.annotation.CeleryClient;
import io.celeryapi.annotation.CeleryTask;
import io.celeryapi.core.AsyncResult;
import io.celeryapi.core.TaskContext;
import io.celeryapi.test.RedisServer;
import io.celeryapi.test.RedisServerExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code void} client method is fire-and-forget: the task runs, and no result is ever
 * stored. The worker runs one task at a time, so that once a later call returns, anything
 * the earlier task stored would be visible.
 */
@SpringBootTest(classes = ClientFireAndForgetIntegrationTests.Config.class)
@ExtendWith(RedisServerExtension.class)
@DirtiesContext
class ClientFireAndForgetIntegrationTests {

	static final String QUEUE = "it.client.ff";

	/** A queue no worker consumes: what is sent there stays for inspection. */
	static final String PARKED = "it.client.ff.parked";

	static final Duration TIMEOUT = Duration.ofSeconds(20);

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		RedisServer redis = RedisServerExtension.shared();
		registry.add("celery.broker-url", () -> redis.url(0));
		registry.add("celery.worker.queues", () -> QUEUE);
		registry.add("celery.worker.concurrency", () -> "1");
	}

	@Autowired
	FireAndForget client;

	@Autowired
	Tasks tasks;

	@AfterEach
	void clean() {
		RedisServerExtension.shared().command("DEL", PARKED);
	}

	@Test
	void voidMethodRunsTheTaskAndNoResultIsStored() throws Exception {
		this.client.record("ann");
		List<String> ran = this.tasks.ran.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		assertThat(ran).as("the task ran").isNotNull();
		assertThat(ran.get(0)).isEqualTo("ann");
		assertThat(this.client.barrier()).isEqualTo("done");
		assertThat(RedisServerExtension.shared().get("celery-task-meta-" + ran.get(1))).isNull();
	}

	@Test
	void theSameTaskCalledForItsResultDoesStoreOne() throws Exception {
		AsyncResult<Void> handle = this.client.recordHandle("bob");
		assertThat(handle.get(TIMEOUT)).isNull();
		List<String> ran = this.tasks.ran.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		assertThat(ran).containsExactly("bob", handle.id());
		assertThat(RedisServerExtension.shared().get("celery-task-meta-" + handle.id())).contains("SUCCESS");
	}

	@Test
	void voidMethodAsksTheWorkerToIgnoreTheResult() {
		RedisServer redis = RedisServerExtension.shared();
		this.client.park("cy");
		List<String> messages = redis.lrange(PARKED);
		assertThat(messages).hasSize(1);
		JsonNode headers = JsonMapper.builder().build().readTree(messages.get(0)).get("headers");
		assertThat(headers.get("task").asString()).isEqualTo("ff.record");
		assertThat(headers.get("ignore_result").asBoolean()).isTrue();
	}

	@CeleryClient(name = "ff", queue = QUEUE)
	interface FireAndForget {

		void record(String value);

		String barrier();

		@CeleryCall(name = "ff.record")
		AsyncResult<Void> recordHandle(String value);

		@CeleryCall(name = "ff.record", queue = PARKED)
		void park(String value);

	}

	static class Tasks {

		final BlockingQueue<List<String>> ran = new LinkedBlockingQueue<>();

		@CeleryTask("ff.record")
		void record(String value, TaskContext context) {
			this.ran.add(List.of(value, context.id()));
		}

		@CeleryTask("ff.barrier")
		String barrier() {
			return "done";
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Config {

		@Bean
		Tasks tasks() {
			return new Tasks();
		}

	}

}
