package io.celeryapi.worker;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.celeryapi.annotation.CeleryTask;
import io.celeryapi.core.AsyncResult;
import io.celeryapi.core.CeleryOperations;
import io.celeryapi.core.TaskState;
import io.celeryapi.internal.redis.RedisConnections;
import io.celeryapi.test.RedisServer;
import io.celeryapi.test.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
 * What the worker writes to Celery's Redis result backend: STARTED, extended fields, the
 * TTL, the PUBLISH, and never over a SUCCESS.
 */
@SpringBootTest(classes = ResultBackendIntegrationTests.Config.class)
@ExtendWith(RedisServerExtension.class)
@DirtiesContext
class ResultBackendIntegrationTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final CountDownLatch started = new CountDownLatch(1);

	static final CountDownLatch release = new CountDownLatch(1);

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		RedisServer redis = RedisServerExtension.shared();
		registry.add("celery.broker-url", () -> redis.url(8));
		registry.add("celery.result-backend", () -> redis.url(9));
		registry.add("celery.worker.queues", () -> "results.q");
		registry.add("celery.template.default-queue", () -> "results.q");
		registry.add("celery.worker.track-started", () -> "true");
		registry.add("celery.result-extended", () -> "true");
		registry.add("celery.result-expires", () -> "600s");
		registry.add("celery.worker.hostname", () -> "results@%h");
	}

	@Autowired
	CeleryOperations celery;

	@Autowired
	RedisConnections connections;

	@Autowired
	CeleryWorker worker;

	@Test
	void startedThenSuccessWithExtendedFieldsAndTtl() throws Exception {
		AsyncResult<Object> result = this.celery.sendTask("results.hold", 7);
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(result.state()).isEqualTo(TaskState.STARTED);
		JsonNode running = meta(result.id());
		assertThat(running.at("/result/hostname").asString()).startsWith("results@");
		assertThat(running.at("/result/pid").asLong()).isEqualTo(ProcessHandle.current().pid());
		assertThat(running.get("date_done").isNull()).isTrue();
		release.countDown();
		assertThat(result.get(Duration.ofSeconds(10))).isEqualTo(14);
		JsonNode done = meta(result.id());
		assertThat(done.propertyNames()).containsExactly("status", "result", "traceback", "children", "date_done",
				"name", "args", "kwargs", "worker", "retries", "queue", "task_id");
		assertThat(done.get("name").asString()).isEqualTo("results.hold");
		assertThat(done.get("args").toString()).isEqualTo("[7]");
		assertThat(done.get("queue").asString()).isEqualTo("results.q");
		assertThat(done.get("date_done").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?");
		long ttl = this.connections.backend().sync().ttl("celery-task-meta-" + result.id());
		assertThat(ttl).isBetween(590L, 600L);
		assertThat(this.connections.broker().sync().get("celery-task-meta-" + result.id()))
			.as("results live in the backend db, not the broker db").isNull();
	}

	@Test
	void successIsNeverOverwritten() {
		AsyncResult<Object> result = this.celery.sendTask("results.double", 4);
		assertThat(result.get(Duration.ofSeconds(10))).isEqualTo(8);
		// The same id again, say a redelivery whose run failed: the SUCCESS stands.
		AsyncResult<Object> again = this.celery.sendTask("results.fail", java.util.List.of(), java.util.Map.of(),
				io.celeryapi.core.TaskOptions.builder().taskId(result.id()).build());
		assertThat(again.id()).isEqualTo(result.id());
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> this.worker.getTaskCounts().containsKey("results.fail")
					&& this.worker.getTaskCounts().get("results.fail").failed.sum() == 1);
		assertThat(meta(result.id()).get("status").asString()).isEqualTo("SUCCESS");
		assertThat(meta(result.id()).get("result").asInt()).isEqualTo(8);
	}

	private JsonNode meta(String id) {
		return JSON.readTree(this.connections.backend().sync().get("celery-task-meta-" + id));
	}

	static class Tasks {

		@CeleryTask("results.hold")
		int hold(int x) throws InterruptedException {
			started.countDown();
			release.await(10, TimeUnit.SECONDS);
			return 2 * x;
		}

		@CeleryTask("results.double")
		int twice(int x) {
			return 2 * x;
		}

		@CeleryTask("results.fail")
		int fail() {
			throw new IllegalStateException("must not replace the success");
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
