package io.celeryapi.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.celeryapi.annotation.CeleryTask;
import io.celeryapi.core.AsyncResult;
import io.celeryapi.core.CeleryOperations;
import io.celeryapi.test.RedisServer;
import io.celeryapi.test.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A global rate limit holds across two workers together, through Redis.
 */
@ExtendWith(RedisServerExtension.class)
class GlobalRateLimitIntegrationTests {

	static final List<Long> starts = new CopyOnWriteArrayList<>();

	@Test
	void twoWorkersTogetherKeepTheRate(RedisServer redis) {
		// Each worker has a queue of its own: per-worker limits would run both halves in parallel.
		try (ConfigurableApplicationContext first = worker(redis, "global.a");
				ConfigurableApplicationContext second = worker(redis, "global.b")) {
			CeleryOperations celery = first.getBean(CeleryOperations.class);
			List<AsyncResult<Object>> results = new ArrayList<>();
			for (int i = 0; i < 6; i++) {
				results.add(celery.sendTask("global.limited", List.of(i), java.util.Map.of(),
						io.celeryapi.core.TaskOptions.builder().queue((i % 2 == 0) ? "global.a" : "global.b").build()));
			}
			results.forEach((r) -> r.get(Duration.ofSeconds(20)));
			List<Long> sorted = starts.stream().sorted().toList();
			assertThat(sorted).hasSize(6);
			// 5/s across both workers: six starts span at least five intervals of 200 ms.
			assertThat(sorted.get(5) - sorted.get(0)).isGreaterThanOrEqualTo(980);
			assertThat(first.getBean(CeleryWorker.class).getTaskCounts().get("global.limited").succeeded.sum())
				.isEqualTo(3);
			assertThat(second.getBean(CeleryWorker.class).getTaskCounts().get("global.limited").succeeded.sum())
				.isEqualTo(3);
		}
	}

	private static ConfigurableApplicationContext worker(RedisServer redis, String queue) {
		return new SpringApplicationBuilder(Config.class).web(WebApplicationType.NONE)
			.properties("celery.broker-url=" + redis.url(10), "celery.worker.queues=" + queue,
					"celery.worker.concurrency=2",
					"celery.client.verify=off")
			.run();
	}

	static class Tasks {

		@CeleryTask(name = "global.limited", rateLimit = "5/s", globalRateLimit = true)
		int limited(int n) {
			starts.add(System.currentTimeMillis());
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
