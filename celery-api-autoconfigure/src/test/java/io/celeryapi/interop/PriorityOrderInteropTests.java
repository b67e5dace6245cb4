package io.celeryapi.interop;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import tools.jackson.databind.JsonNode;

import io.celeryapi.annotation.CeleryTask;
import io.celeryapi.core.AsyncResult;
import io.celeryapi.core.CeleryOperations;
import io.celeryapi.core.TaskOptions;
import io.celeryapi.test.PythonCelery;
import io.celeryapi.test.PythonWorker;
import io.celeryapi.test.RedisServer;
import io.celeryapi.test.RedisServerExtension;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Messages published with priorities 9, 5, 3, 1, 0, 9, 0, 6 to a queue nobody consumes
 * yet run, once a worker with concurrency 1 and prefetch 1 starts, bucket by bucket
 * (0-2, 3-5, 6-8, 9), first in first out inside a bucket, on both sides.
 *
 * @author celery-api
 */
@SpringBootTest(classes = PriorityOrderInteropTests.Config.class)
@DirtiesContext
@ExtendWith(RedisServerExtension.class)
class PriorityOrderInteropTests {

	private static final String PYTHON_QUEUE = "python.interop.priority";

	private static final String JAVA_QUEUE = "java.interop.priority";

	private static final String SEP = "\u0006\u0016";

	private static final List<Integer> PRIORITIES = List.of(9, 5, 3, 1, 0, 9, 0, 6);

	/** "index:priority" in execution order: 1,0,0 then 5,3 then 6 then 9,9. */
	private static final List<String> EXPECTED = List.of("3:1", "4:0", "6:0", "1:5", "2:3", "7:6", "0:9", "5:9");

	@Autowired
	private CeleryOperations celery;

	@DynamicPropertySource
	static void celeryProperties(DynamicPropertyRegistry registry) {
		RedisServer redis = RedisServerExtension.shared();
		registry.add("celery.broker-url", () -> redis.url(0));
		registry.add("celery.result-backend", () -> redis.url(1));
		registry.add("celery.worker.queues", () -> "java.interop.priority.unused");
		registry.add("celery.worker.concurrency", () -> "4");
	}

	@BeforeAll
	static void pythonAvailable() {
		PythonCelery.assumeAvailable();
	}

	@Test
	void pythonWorkerRunsJavaMessagesByPriority(RedisServer redis) {
		redis.command("DEL", "peer.recorded", PYTHON_QUEUE, PYTHON_QUEUE + SEP + 3, PYTHON_QUEUE + SEP + 6,
				PYTHON_QUEUE + SEP + 9);
		List<AsyncResult<Object>> results = new ArrayList<>();
		for (int i = 0; i < PRIORITIES.size(); i++) {
			int priority = PRIORITIES.get(i);
			results.add(this.celery.sendTask("peer.record", List.of(i + ":" + priority), Map.of(),
					TaskOptions.builder().queue(PYTHON_QUEUE).priority(priority).build()));
		}
		assertBuckets(redis, PYTHON_QUEUE);
		// The solo pool runs each task as soon as it is taken, so the run order is the order
		// of consumption. Celery 5.2.6 with prefetch-multiplier 1 polls again only when a
		// timer fires (5-10 s per message here), hence a larger prefetch.
		try (PythonWorker worker = PythonCelery.startWorker(redis.url(0), redis.url(1), "-P", "solo", "-c", "1",
				"--prefetch-multiplier", "8", "-Q", PYTHON_QUEUE)) {
			for (AsyncResult<Object> result : results) {
				assertThat(result.toCompletableFuture()).as(worker::log)
					.succeedsWithin(PythonPeer.TIMEOUT);
			}
		}
		List<String> order = redis.lrange("peer.recorded")
			.stream()
			.map((json) -> PythonPeer.JSON.readValue(json, String.class))
			.toList();
		assertThat(order).containsExactlyElementsOf(EXPECTED);
	}

	@Test
	void javaWorkerRunsPythonMessagesByPriority(RedisServer redis) {
		redis.command("DEL", JAVA_QUEUE, JAVA_QUEUE + SEP + 3, JAVA_QUEUE + SEP + 6, JAVA_QUEUE + SEP + 9);
		JsonNode ids = PythonPeer.script("import json", "from peerapp import app", "ids = []",
				"for i, p in enumerate(" + PRIORITIES + "):",
				"    ids.append(app.send_task('java.interop.priority.record', args=['%d:%d' % (i, p)],"
						+ " queue='" + JAVA_QUEUE + "', priority=p).id)",
				"print(json.dumps(ids))");
		assertThat(ids.size()).isEqualTo(PRIORITIES.size());
		assertBuckets(redis, JAVA_QUEUE);
		try (ConfigurableApplicationContext worker = new SpringApplicationBuilder(JavaWorkerConfig.class)
			.web(WebApplicationType.NONE)
			.properties("celery.broker-url=" + redis.url(0), "celery.result-backend=" + redis.url(1),
					"celery.worker.queues=" + JAVA_QUEUE, "celery.worker.concurrency=1",
					"celery.worker.prefetch-multiplier=1")
			.run()) {
			for (JsonNode id : ids) {
				this.celery.asyncResult(id.asString()).get(PythonPeer.TIMEOUT);
			}
			assertThat(worker.getBean(RecordingTasks.class).order).containsExactlyElementsOf(EXPECTED);
		}
	}

	/** 0-2 in the bare list, 3-5, 6-8 and 9 in their own lists. */
	private static void assertBuckets(RedisServer redis, String queue) {
		assertThat(redis.llen(queue)).isEqualTo(3);
		assertThat(redis.llen(queue + SEP + 3)).isEqualTo(2);
		assertThat(redis.llen(queue + SEP + 6)).isEqualTo(1);
		assertThat(redis.llen(queue + SEP + 9)).isEqualTo(2);
	}

	/**
	 * Records the order tasks run in.
	 */
	static class RecordingTasks {

		final List<String> order = new CopyOnWriteArrayList<>();

		@CeleryTask("java.interop.priority.record")
		public String record(String value) {
			this.order.add(value);
			return value;
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Config {

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class JavaWorkerConfig {

		@Bean
		RecordingTasks recordingTasks() {
			return new RecordingTasks();
		}

	}

}
