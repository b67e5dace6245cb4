package io.celeryapi.worker;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.celeryapi.annotation.CeleryTask;
import io.celeryapi.core.AsyncResult;
import io.celeryapi.core.CeleryOperations;
import io.celeryapi.test.RedisServer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stopping a worker takes no more messages, returns prefetched ones to the head of their
 * queue, and lets the running task finish.
 */
class GracefulShutdownIntegrationTests {

	static final String QUEUE = "it.shutdown";

	static final CountDownLatch started = new CountDownLatch(1);

	static final CountDownLatch release = new CountDownLatch(1);

	@Test
	void prefetchedMessagesGoBackAndRunningTaskFinishes() throws Exception {
		// A server of its own: the test asserts the exact contents of the shared unacked hash.
		try (RedisServer redis = RedisServer.start()) {
			prefetchedMessagesGoBackAndRunningTaskFinishes(redis);
		}
	}

	private void prefetchedMessagesGoBackAndRunningTaskFinishes(RedisServer redis) throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(Config.class)
			.web(WebApplicationType.NONE)
			.properties("celery.broker-url=" + redis.url(0), "celery.worker.queues=" + QUEUE,
					"celery.template.default-queue=" + QUEUE, "celery.worker.concurrency=1",
					"celery.worker.prefetch-multiplier=4", "celery.worker.shutdown-timeout=20s")
			.run();
		CeleryOperations celery = context.getBean(CeleryOperations.class);
		AsyncResult<Object> first = celery.sendTask("it.block", 1);
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		celery.sendTask("it.block", 2);
		celery.sendTask("it.block", 3);
		// Both wait in the worker, unacknowledged, while the first one runs.
		await().atMost(Duration.ofSeconds(10)).until(() -> redis.hgetall("unacked").size() == 2);
		assertThat(redis.llen(QUEUE)).isZero();

		CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
		await().atMost(Duration.ofSeconds(10)).until(() -> redis.llen(QUEUE) == 2);
		assertThat(closing).isNotDone();
		release.countDown();
		closing.get(20, TimeUnit.SECONDS);

		assertThat(redis.hgetall("unacked")).isEmpty();
		JsonMapper json = JsonMapper.builder().build();
		List<String> returned = redis.lrange(QUEUE);
		// RPUSH: the next BRPOP takes message 2 first, as it would have run first.
		JsonNode next = json.readTree(returned.get(1));
		assertThat(next.at("/headers/redelivered").asBoolean()).isTrue();
		assertThat(next.at("/properties/delivery_info/redelivered").asBoolean()).isTrue();
		assertThat(new String(java.util.Base64.getDecoder().decode(next.get("body").asString()))).startsWith("[[2]");
		assertThat(redis.get("celery-task-meta-" + first.id())).contains("\"SUCCESS\"");
	}

	static class Tasks {

		@CeleryTask("it.block")
		int block(int n) throws InterruptedException {
			started.countDown();
			release.await(30, TimeUnit.SECONDS);
			return n;
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
