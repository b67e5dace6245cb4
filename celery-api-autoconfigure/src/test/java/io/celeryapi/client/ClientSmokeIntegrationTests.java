package io.celeryapi.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.celeryapi.annotation.CeleryClient;
import io.celeryapi.annotation.CeleryTask;
import io.celeryapi.annotation.Kwarg;
import io.celeryapi.core.AsyncResult;
import io.celeryapi.core.CeleryOperations;
import io.celeryapi.core.Signature;
import io.celeryapi.test.RedisServer;
import io.celeryapi.test.RedisServerExtension;
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
 * A {@code @CeleryClient} interface found in the application's package becomes a working
 * bean.
 */
@SpringBootTest(classes = ClientSmokeIntegrationTests.Config.class)
@ExtendWith(RedisServerExtension.class)
@DirtiesContext
class ClientSmokeIntegrationTests {

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		RedisServer redis = RedisServerExtension.shared();
		registry.add("celery.broker-url", () -> redis.url(0));
		registry.add("celery.worker.queues", () -> "it.smoke");
	}

	@Autowired
	Calculator calculator;

	@Autowired
	CeleryOperations celery;

	@Test
	void proxyCallsTheTaskEveryWay() throws Exception {
		assertThat(this.calculator.add(2, 3)).isEqualTo(5);
		assertThat(this.calculator.addLater(4, 5).get(10, TimeUnit.SECONDS)).isEqualTo(9);
		assertThat(this.calculator.addHandle(1, 1).get(Duration.ofSeconds(10))).isEqualTo(2);
		assertThat(this.calculator.range(3)).containsExactly(0L, 1L, 2L);
		Signature<Integer> signature = this.calculator.addSignature(6, 7);
		assertThat(signature.getTask()).isEqualTo("calc.add");
		assertThat(this.celery.send(signature).get(Duration.ofSeconds(10))).isEqualTo(13);
		assertThat(this.calculator.toString()).contains("calc");
	}

	@CeleryClient(name = "calc", queue = "it.smoke")
	interface Calculator {

		int add(int x, @Kwarg("y") int y);

		@io.celeryapi.annotation.CeleryCall(name = "calc.add")
		CompletableFuture<Integer> addLater(int x, int y);

		@io.celeryapi.annotation.CeleryCall(name = "calc.add")
		AsyncResult<Integer> addHandle(int x, int y);

		@io.celeryapi.annotation.CeleryCall(name = "calc.add")
		Signature<Integer> addSignature(int x, int y);

		List<Long> range(int n);

	}

	static class Tasks {

		@CeleryTask("calc.add")
		int add(int x, int y) {
			return x + y;
		}

		@CeleryTask("calc.range")
		List<Long> range(int n) {
			return java.util.stream.LongStream.range(0, n).boxed().toList();
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
