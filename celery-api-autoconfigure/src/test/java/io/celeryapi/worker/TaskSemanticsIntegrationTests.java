package io.celeryapi.worker;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.celeryapi.annotation.CeleryTask;
import io.celeryapi.core.AsyncResult;
import io.celeryapi.core.CeleryOperations;
import io.celeryapi.core.CeleryRemoteException;
import io.celeryapi.core.TaskOptions;
import io.celeryapi.core.TaskState;
import io.celeryapi.inspect.CeleryInspector;
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
import static org.awaitility.Awaitility.await;

/**
 * Time limits, rate limits, revokes that survive restarts, and far-eta tasks that neither
 * run twice nor get lost.
 */
@SpringBootTest(classes = TaskSemanticsIntegrationTests.Config.class)
@ExtendWith(RedisServerExtension.class)
@DirtiesContext
class TaskSemanticsIntegrationTests {

	static final Duration TIMEOUT = Duration.ofSeconds(15);

	static final List<Long> rateLimitedStarts = new CopyOnWriteArrayList<>();

	static final Map<String, AtomicInteger> runs = new java.util.concurrent.ConcurrentHashMap<>();

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		RedisServer redis = RedisServerExtension.shared();
		registry.add("celery.broker-url", () -> redis.url(6));
		registry.add("celery.worker.queues", () -> "sem.q");
		registry.add("celery.template.default-queue", () -> "sem.q");
		registry.add("celery.worker.concurrency", () -> "2");
		registry.add("celery.broker.visibility-timeout", () -> "4s");
		registry.add("celery.broker.restore-interval", () -> "1s");
	}

	@Autowired
	CeleryOperations celery;

	@Autowired
	CeleryInspector inspector;

	@Autowired
	io.celeryapi.internal.redis.RedisConnections connections;

	private io.lettuce.core.api.sync.RedisCommands<String, String> redis() {
		return this.connections.broker().sync();
	}


	@Test
	void softTimeLimitInterruptsSoTheTaskCanCleanUp() {
		assertThat(this.celery.sendTask("sem.soft").get(TIMEOUT)).isEqualTo("cleaned up");
	}

	@Test
	void softTimeLimitFailureIsReportedAsSoftTimeLimitExceeded() {
		assertThatExceptionOfType(CeleryRemoteException.class)
			.isThrownBy(() -> this.celery.sendTask("sem.soft_fails").get(TIMEOUT))
			.satisfies((ex) -> assertThat(ex.getExcType()).isEqualTo("SoftTimeLimitExceeded"));
	}

	@Test
	void hardTimeLimitAbandonsTheTaskAndTheWorkerKeepsServing() {
		AsyncResult<Object> stuck = this.celery.sendTask("sem.stuck", List.of(), Map.of(),
				TaskOptions.builder().timeLimit(Duration.ofMillis(300)).build());
		AsyncResult<Object> stuck2 = this.celery.sendTask("sem.stuck", List.of(), Map.of(),
				TaskOptions.builder().timeLimit(Duration.ofMillis(300)).build());
		for (AsyncResult<Object> result : List.of(stuck, stuck2)) {
			assertThatExceptionOfType(CeleryRemoteException.class).isThrownBy(() -> result.get(TIMEOUT))
				.satisfies((ex) -> {
					assertThat(ex.getExcType()).isEqualTo("TimeLimitExceeded");
					assertThat(ex.getExcModule()).isEqualTo("celery.exceptions");
				});
		}
		// Both runners were stuck; fresh runners serve the next calls.
		assertThat(this.celery.sendTask("sem.echo", "still serving").get(TIMEOUT)).isEqualTo("still serving");
	}

	@Test
	void rateLimitSpacesTaskStarts() {
		List<AsyncResult<Object>> results = new java.util.ArrayList<>();
		for (int i = 0; i < 5; i++) {
			results.add(this.celery.sendTask("sem.limited", i));
		}
		results.forEach((r) -> r.get(TIMEOUT));
		List<Long> starts = rateLimitedStarts.stream().sorted().toList();
		assertThat(starts).hasSize(5);
		// 10/s: five starts span at least four intervals (single gaps may shrink when a start runs late)
		assertThat(starts.get(4) - starts.get(0)).isGreaterThanOrEqualTo(390);
	}

	@Test
	void revokedTaskDoesNotRunAndTheRevokeIsKeptInRedis() {
		String id = UUID.randomUUID().toString();
		this.inspector.revoke(false, id);
		await().atMost(TIMEOUT).until(() -> redis().zscore("celery-api.revoked", id) != null);
		AsyncResult<Object> result = this.celery.sendTask("sem.count", List.of(id), Map.of(),
				TaskOptions.builder().taskId(id).build());
		assertThatExceptionOfType(CeleryRemoteException.class).isThrownBy(() -> result.get(TIMEOUT))
			.satisfies((ex) -> {
				assertThat(ex.getState()).isEqualTo(TaskState.REVOKED);
				assertThat(ex.getRemoteMessage()).isEqualTo("revoked");
			});
		assertThat(runs.get(id)).isNull();
	}

	@Test
	void etaBeyondHalfTheVisibilityTimeoutIsParkedAndRunsOnceWhenDue() {
		Instant eta = Instant.now().plusSeconds(4);
		AsyncResult<Object> result = this.celery.sendTask("sem.count", List.of("far"), Map.of(),
				TaskOptions.builder().eta(eta).build());
		await().atMost(TIMEOUT).until(() -> redis().zcard("celery-api.scheduled") == 1);
		assertThat(redis().hlen("unacked")).isZero();
		assertThat(result.get(TIMEOUT)).isEqualTo(1);
		assertThat(Instant.now()).isAfterOrEqualTo(eta);
		assertThat(redis().zcard("celery-api.scheduled")).isZero();
		// Past the visibility timeout nothing restores and reruns it.
		await().pollDelay(Duration.ofSeconds(2)).atMost(TIMEOUT).until(() -> true);
		assertThat(runs.get("far").get()).isEqualTo(1);
	}

	static class Tasks {

		@CeleryTask(name = "sem.soft", softTimeLimit = 0.2)
		String soft() {
			try {
				Thread.sleep(10_000);
				return "not interrupted";
			}
			catch (InterruptedException ex) {
				return "cleaned up";
			}
		}

		@CeleryTask(name = "sem.soft_fails", softTimeLimit = 0.2)
		String softFails() throws InterruptedException {
			Thread.sleep(10_000);
			return "not interrupted";
		}

		@CeleryTask("sem.stuck")
		String stuck() {
			long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
			while (System.nanoTime() < end) {
				// ignores interrupts, like a task stuck in a loop
				Thread.onSpinWait();
			}
			return "too late";
		}

		@CeleryTask(name = "sem.limited", rateLimit = "10/s")
		int limited(int n) {
			rateLimitedStarts.add(System.currentTimeMillis());
			return n;
		}

		@CeleryTask("sem.count")
		int count(String key) {
			return runs.computeIfAbsent(key, (k) -> new AtomicInteger()).incrementAndGet();
		}

		@CeleryTask("sem.echo")
		Object echo(Object value) {
			return value;
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
