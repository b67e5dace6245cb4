package io.celeryapi.worker;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.celeryapi.annotation.CeleryTask;
import io.celeryapi.core.AsyncResult;
import io.celeryapi.core.CeleryOperations;
import io.celeryapi.core.CeleryRemoteException;
import io.celeryapi.core.TaskContext;
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
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Retries declared on the task and requested from inside it.
 */
@SpringBootTest(classes = RetryIntegrationTests.Config.class)
@ExtendWith(RedisServerExtension.class)
@DirtiesContext
class RetryIntegrationTests {

	static final Duration TIMEOUT = Duration.ofSeconds(15);

	static final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		RedisServer redis = RedisServerExtension.shared();
		registry.add("celery.broker-url", () -> redis.url(5));
		registry.add("celery.worker.queues", () -> "retry.q");
		registry.add("celery.template.default-queue", () -> "retry.q");
	}

	@Autowired
	CeleryOperations celery;

	@Test
	void autoretryForDeclaredExceptionUntilItSucceeds() {
		AsyncResult<Object> result = this.celery.sendTask("rt.flaky", "a", 2);
		assertThat(result.get(TIMEOUT)).isEqualTo("a after 2 retries");
		assertThat(attempts.get("a").get()).isEqualTo(3);
	}

	@Test
	void lastExceptionBecomesTheFailureAfterMaxRetries() {
		AsyncResult<Object> result = this.celery.sendTask("rt.flaky", "b", 10);
		assertThatExceptionOfType(CeleryRemoteException.class).isThrownBy(() -> result.get(TIMEOUT))
			.satisfies((ex) -> {
				assertThat(ex.getExcType()).isEqualTo("IOException");
				assertThat(ex.getRemoteMessage()).isEqualTo("flaky b attempt 3");
			});
		assertThat(attempts.get("b").get()).isEqualTo(3);
	}

	@Test
	void retryRequestedFromTheTaskContext() {
		assertThat(this.celery.sendTask("rt.manual", "c").get(TIMEOUT)).isEqualTo("c retried 1");
	}

	@Test
	void undeclaredExceptionDoesNotRetry() {
		AsyncResult<Object> result = this.celery.sendTask("rt.flaky_other", "d");
		assertThatExceptionOfType(CeleryRemoteException.class).isThrownBy(() -> result.get(TIMEOUT))
			.satisfies((ex) -> assertThat(ex.getExcType()).isEqualTo("IllegalStateException"));
		assertThat(attempts.get("d").get()).isEqualTo(1);
	}

	static class Tasks {

		@CeleryTask(name = "rt.flaky", autoretryFor = IOException.class, maxRetries = 2, defaultRetryDelay = 0.05)
		String flaky(String key, int failures, TaskContext context) throws IOException {
			int attempt = attempts.computeIfAbsent(key, (k) -> new AtomicInteger()).incrementAndGet();
			assertThat(context.retries()).isEqualTo(attempt - 1);
			if (attempt <= failures) {
				throw new IOException("flaky " + key + " attempt " + attempt);
			}
			return key + " after " + context.retries() + " retries";
		}

		@CeleryTask(name = "rt.flaky_other", autoretryFor = IOException.class, defaultRetryDelay = 0.05)
		String other(String key) {
			attempts.computeIfAbsent(key, (k) -> new AtomicInteger()).incrementAndGet();
			throw new IllegalStateException("not retried");
		}

		@CeleryTask("rt.manual")
		String manual(String key, TaskContext context) {
			if (context.retries() == 0) {
				throw context.retry(new IllegalStateException("first attempt"), Duration.ofMillis(100));
			}
			return key + " retried " + context.retries();
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
