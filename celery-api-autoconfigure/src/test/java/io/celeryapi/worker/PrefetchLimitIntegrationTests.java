package io.celeryapi.worker;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.celeryapi.annotation.CeleryTask;
import io.celeryapi.core.CeleryOperations;
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
 * A worker holds no more unstarted messages than its prefetch limit (concurrency ×
 * multiplier), as kombu's QoS does: the rest stay in the queue for other workers. An idle
 * worker waits in BRPOP rather than polling.
 */
class PrefetchLimitIntegrationTests {

	static final String QUEUE = "it.prefetch";

	static final CountDownLatch started = new CountDownLatch(1);

	static final CountDownLatch release = new CountDownLatch(1);

	@Test
	void holdsNoMoreThanThePrefetchLimit() {
		// A server of its own: the test counts the whole unacked hash.
		try (RedisServer redis = RedisServer.start();
				ConfigurableApplicationContext context = new SpringApplicationBuilder(Config.class)
					.web(WebApplicationType.NONE)
					.properties("celery.broker-url=" + redis.url(0), "celery.worker.queues=" + QUEUE,
							"celery.template.default-queue=" + QUEUE, "celery.worker.concurrency=1",
							"celery.worker.prefetch-multiplier=3", "celery.worker.shutdown-timeout=5s")
					.run()) {
			CeleryOperations celery = context.getBean(CeleryOperations.class);
			for (int i = 0; i < 20; i++) {
				celery.sendTask("it.hold", i);
			}
			// The first runs (acknowledged as it starts, its slot free again); three more wait.
			await().atMost(Duration.ofSeconds(10)).until(() -> started.getCount() == 0);
			await().atMost(Duration.ofSeconds(10)).until(() -> redis.hgetall("unacked").size() == 3);
			await().during(Duration.ofMillis(500))
				.atMost(Duration.ofSeconds(5))
				.until(() -> redis.hgetall("unacked").size() == 3 && redis.llen(QUEUE) == 16);
			assertThat(redis.llen(QUEUE)).isEqualTo(16);
			release.countDown();
			await().atMost(Duration.ofSeconds(20)).until(() -> redis.llen(QUEUE) == 0);
		}
	}

	@Test
	void anIdleWorkerWaitsInBrpopInsteadOfFetchingAgainAndAgain() {
		// A prefetch limit above what one fetch takes (64).
		try (RedisServer redis = RedisServer.start();
				ConfigurableApplicationContext context = new SpringApplicationBuilder(Config.class)
					.web(WebApplicationType.NONE)
					.properties("celery.broker-url=" + redis.url(0), "celery.worker.queues=" + QUEUE + "-idle",
							"celery.worker.concurrency=1", "celery.worker.prefetch-multiplier=100")
					.run()) {
			await().atMost(Duration.ofSeconds(10)).until(() -> redis.commandCalls().getOrDefault("brpop", 0L) > 0);
			long fetches = fetches(redis);
			// Between two BRPOP timeouts (1 s) an idle consumer sends a fetch or two, not thousands.
			await().during(Duration.ofMillis(1500))
				.atMost(Duration.ofSeconds(5))
				.until(() -> fetches(redis) - fetches <= 10);
		}
	}

	private static long fetches(RedisServer redis) {
		Map<String, Long> calls = redis.commandCalls();
		return calls.getOrDefault("evalsha", 0L) + calls.getOrDefault("eval", 0L);
	}

	static class Tasks {

		@CeleryTask("it.hold")
		int hold(int n) throws InterruptedException {
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
