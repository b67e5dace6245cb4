package io.celeryapi.interop;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.JsonNode;

import io.celeryapi.annotation.CeleryTask;
import io.celeryapi.core.AsyncResult;
import io.celeryapi.core.CeleryOperations;
import io.celeryapi.core.TaskContext;
import io.celeryapi.core.TaskOptions;
import io.celeryapi.core.TaskState;
import io.celeryapi.test.PythonCelery;
import io.celeryapi.test.PythonWorker;
import io.celeryapi.test.RedisServer;
import io.celeryapi.test.RedisServerExtension;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
 * Retries across languages: a Java client waits through a Python {@code self.retry()}, a
 * Python client waits through a Java {@code autoretryFor} retry, and a retry message as a
 * Python worker re-publishes it ({@code retries}, {@code parent_id} = own id) runs on a
 * Java task with the retry count Python gave it.
 *
 * @author celery-api
 */
@SpringBootTest(classes = CrossLanguageRetryInteropTests.Config.class)
@DirtiesContext
@ExtendWith(RedisServerExtension.class)
class CrossLanguageRetryInteropTests {

	private static final String PYTHON_QUEUE = "python.interop.retry";

	private static final String JAVA_QUEUE = "java.interop.retry";

	private static final Duration TIMEOUT = PythonPeer.TIMEOUT;

	static final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

	private static PythonWorker worker;

	@Autowired
	private CeleryOperations celery;

	@DynamicPropertySource
	static void celeryProperties(DynamicPropertyRegistry registry) {
		RedisServer redis = RedisServerExtension.shared();
		registry.add("celery.broker-url", () -> redis.url(0));
		registry.add("celery.result-backend", () -> redis.url(1));
		registry.add("celery.worker.queues", () -> JAVA_QUEUE);
		registry.add("celery.worker.concurrency", () -> "4");
	}

	@BeforeAll
	static void startPythonWorker(RedisServer redis) {
		PythonCelery.assumeAvailable();
		worker = PythonCelery.startWorker(redis.url(0), redis.url(1), "-Q", PYTHON_QUEUE);
	}

	@AfterAll
	static void stopPythonWorker() {
		if (worker != null) {
			worker.close();
		}
	}

	@Test
	void javaClientWaitsThroughAPythonRetry() {
		AsyncResult<Object> result = this.celery.sendTask("peer.retry_once", List.of(7), Map.of(),
				TaskOptions.builder().queue(PYTHON_QUEUE).build());
		assertThat(result.get(TIMEOUT, Integer.class)).as(worker::log).isEqualTo(7);
		assertThat(result.state()).isEqualTo(TaskState.SUCCESS);
		// One run raised Retry, the re-published message (same id) succeeded.
		assertThat(worker.log()).contains("peer.retry_once[" + result.id() + "] retry: Retry in 1s")
			.contains("peer.retry_once[" + result.id() + "] succeeded");
	}

	@Test
	void pythonClientWaitsThroughAJavaAutoretry() {
		String key = UUID.randomUUID().toString();
		JsonNode out = PythonPeer.call("java.flaky", List.of(key, 1), Map.of(), Map.of("queue", JAVA_QUEUE));
		assertThat(out.get("status").asString()).as(out.toString()).isEqualTo("SUCCESS");
		assertThat(out.get("result").asString()).isEqualTo(key + " after 1 retries");
		assertThat(attempts.get(key).get()).isEqualTo(2);
	}

	@Test
	void pythonClientSeesTheLastJavaExceptionAfterMaxRetries() {
		String key = UUID.randomUUID().toString();
		JsonNode out = PythonPeer.call("java.flaky", List.of(key, 10), Map.of(), Map.of("queue", JAVA_QUEUE));
		assertThat(out.get("status").asString()).as(out.toString()).isEqualTo("FAILURE");
		assertThat(out.get("exc_class").asString()).isEqualTo("IOException");
		assertThat(out.get("message").asString()).isEqualTo("flaky " + key + " attempt 3");
		assertThat(attempts.get(key).get()).isEqualTo(3);
	}

	@Test
	void pythonStyleRetryMessageRunsOnJavaWithItsRetryCount() {
		// What a Python worker publishes for self.retry(): the same id, retries + 1, and
		// parent_id = the task's own id.
		String id = UUID.randomUUID().toString();
		JsonNode out = PythonPeer.call("java.request", List.of(), Map.of(),
				Map.of("queue", JAVA_QUEUE, "task_id", id, "retries", 1, "parent_id", id, "root_id", id));
		assertThat(out.get("status").asString()).as(out.toString()).isEqualTo("SUCCESS");
		JsonNode request = out.get("result");
		assertThat(request.get("id").asString()).isEqualTo(id);
		assertThat(request.get("retries").asInt()).isEqualTo(1);
		assertThat(request.get("parentId").asString()).isEqualTo(id);
		assertThat(request.get("rootId").asString()).isEqualTo(id);
	}

	@Test
	void retriesCountedByPythonCountTowardsTheJavaMaximum() {
		// maxRetries = 2 and the message already says 2: the first failure is final.
		String key = UUID.randomUUID().toString();
		JsonNode out = PythonPeer.call("java.flaky", List.of(key, 10), Map.of(),
				Map.of("queue", JAVA_QUEUE, "retries", 2));
		assertThat(out.get("status").asString()).as(out.toString()).isEqualTo("FAILURE");
		assertThat(out.get("message").asString()).isEqualTo("flaky " + key + " attempt 1");
		assertThat(attempts.get(key).get()).isEqualTo(1);
	}

	@Test
	void javaRetryRequestedInTheTaskIsWaitedForByPython() {
		JsonNode out = PythonPeer.call("java.manual_retry", List.of("m"), Map.of(), Map.of("queue", JAVA_QUEUE));
		assertThat(out.get("status").asString()).as(out.toString()).isEqualTo("SUCCESS");
		assertThat(out.get("result").asString()).isEqualTo("m retried 1");
	}

	/**
	 * Java tasks that retry.
	 */
	static class JavaTasks {

		@CeleryTask(name = "java.flaky", autoretryFor = IOException.class, maxRetries = 2, defaultRetryDelay = 0.05)
		public String flaky(String key, int failures, TaskContext context) throws IOException {
			int attempt = attempts.computeIfAbsent(key, (k) -> new AtomicInteger()).incrementAndGet();
			if (attempt <= failures) {
				throw new IOException("flaky " + key + " attempt " + attempt);
			}
			return key + " after " + context.retries() + " retries";
		}

		@CeleryTask("java.manual_retry")
		public String manual(String key, TaskContext context) {
			if (context.retries() == 0) {
				throw context.retry(new IllegalStateException("first attempt"), Duration.ofMillis(100));
			}
			return key + " retried " + context.retries();
		}

		@CeleryTask("java.request")
		public Map<String, Object> request(TaskContext context) {
			Map<String, Object> request = new LinkedHashMap<>();
			request.put("id", context.id());
			request.put("retries", context.retries());
			request.put("parentId", context.parentId());
			request.put("rootId", context.rootId());
			return request;
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Config {

		@Bean
		JavaTasks javaTasks() {
			return new JavaTasks();
		}

	}

}
