package io.celeryapi.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.celeryapi.annotation.CeleryTask;
import io.celeryapi.core.AsyncResult;
import io.celeryapi.core.CeleryOperations;
import io.celeryapi.core.TaskOptions;
import io.celeryapi.test.RedisServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Under load, acks go in batches and unacked records of messages taken by BRPOP are not
 * waited for: no ack may overtake its record, or the record would stay in {@code unacked}
 * and the task would run again after the visibility timeout.
 */
class AckBookkeepingIntegrationTests {

	static final String QUEUE = "it.bookkeeping";

	@Test
	void everyTaskTakenInWavesLeavesTheUnackedBookkeepingEmpty() throws Exception {
		// A server of its own: the test asserts the whole unacked hash.
		try (RedisServer redis = RedisServer.start();
				ConfigurableApplicationContext context = new SpringApplicationBuilder(Config.class)
					.web(WebApplicationType.NONE)
					.properties("celery.broker-url=" + redis.url(0), "celery.worker.queues=" + QUEUE,
							"celery.template.default-queue=" + QUEUE, "celery.worker.concurrency=2")
					.run()) {
			CeleryOperations celery = context.getBean(CeleryOperations.class);
			// Waves small enough that the worker often finds the queue empty and blocks in
			// BRPOP, large enough that acks meet batches already on the wire.
			for (int wave = 0; wave < 150; wave++) {
				List<CompletableFuture<Object>> results = new ArrayList<>();
				for (int i = 0; i < 12; i++) {
					results.add(celery.sendTaskAsync("it.bookkeeping.add", List.of(wave, i), Map.of(), TaskOptions.none())
						.thenCompose(AsyncResult::toCompletableFuture));
				}
				CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
				for (int i = 0; i < 12; i++) {
					assertThat(results.get(i).join()).isEqualTo(wave + i);
				}
			}
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(redis.hgetall("unacked")).isEmpty());
			assertThat(redis.command("ZCARD", "unacked_index")).isEqualTo("0");
		}
	}

	static class Tasks {

		@CeleryTask("it.bookkeeping.add")
		int add(int x, int y) {
			return x + y;
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
