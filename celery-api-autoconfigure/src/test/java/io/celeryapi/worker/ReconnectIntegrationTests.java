package io.celeryapi.worker;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.celeryapi.annotation.CeleryTask;
import io.celeryapi.core.CeleryOperations;
import io.celeryapi.test.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

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
 * When Redis goes away and comes back, the worker and the client reconnect and a call
 * made during the outage completes.
 */
@SpringBootTest(classes = ReconnectIntegrationTests.Config.class)
@DirtiesContext
class ReconnectIntegrationTests {

	// A server of its own: this test stops it.
	static final RedisServer redis = RedisServer.start();

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		registry.add("celery.broker-url", () -> redis.url(0));
		registry.add("celery.worker.queues", () -> "it.reconnect");
		registry.add("celery.template.default-queue", () -> "it.reconnect");
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@Autowired
	CeleryOperations celery;

	@Test
	void workerAndClientSurviveARedisRestart() throws Exception {
		assertThat(this.celery.sendTask("it.double", 1).get(Duration.ofSeconds(10))).isEqualTo(2);
		redis.stop();
		CompletableFuture<Object> duringOutage = CompletableFuture
			.supplyAsync(() -> this.celery.sendTask("it.double", 21).get(Duration.ofSeconds(40)));
		assertThat(redis.isRunning()).isFalse();
		redis.restart();
		assertThat(duringOutage.get(45, TimeUnit.SECONDS)).isEqualTo(42);
		assertThat(this.celery.sendTask("it.double", 5).get(Duration.ofSeconds(10))).isEqualTo(10);
	}

	static class Tasks {

		@CeleryTask("it.double")
		int twice(int x) {
			return 2 * x;
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
