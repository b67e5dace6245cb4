package io.celeryapi.worker;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.celeryapi.annotation.CeleryTask;
import io.celeryapi.annotation.Kwarg;
import io.celeryapi.core.AsyncResult;
import io.celeryapi.core.CeleryException;
import io.celeryapi.core.CeleryOperations;
import io.celeryapi.core.CeleryRemoteException;
import io.celeryapi.core.CeleryTimeoutException;
import io.celeryapi.core.TaskContext;
import io.celeryapi.core.TaskOptions;
import io.celeryapi.core.TaskState;
import io.celeryapi.test.RedisServer;
import io.celeryapi.test.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A Java client calling a Java worker over a real Redis: arguments, results and errors.
 */
@SpringBootTest(classes = WorkerRoundTripIntegrationTests.Config.class)
@ExtendWith(RedisServerExtension.class)
@DirtiesContext
class WorkerRoundTripIntegrationTests {

	static final String QUEUE = "it.roundtrip";

	static final Duration TIMEOUT = Duration.ofSeconds(10);

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		RedisServer redis = RedisServerExtension.shared();
		registry.add("celery.broker-url", () -> redis.url(0));
		registry.add("celery.result-backend", () -> redis.url(1));
		registry.add("celery.worker.queues", () -> QUEUE);
		registry.add("celery.template.default-queue", () -> QUEUE);
		registry.add("celery.worker.concurrency", () -> "4");
	}

	@Autowired
	CeleryOperations celery;

	@Test
	void positionalArgumentsReachTheTaskAndTheResultComesBack() {
		assertThat(this.celery.sendTask("it.add", 2, 3).get(TIMEOUT)).isEqualTo(5);
	}

	@Test
	void kwargsBindByParameterName() {
		AsyncResult<Object> result = this.celery.sendTask("it.add", List.of(), Map.of("y", 10, "x", 1),
				TaskOptions.none());
		assertThat(result.get(TIMEOUT)).isEqualTo(11);
	}

	@Test
	void recordsAndGenericCollectionsConvertBothWays() {
		List<Account> accounts = this.celery
			.sendTask("it.accounts", List.of("ann", List.of(new BigDecimal("1.50"), new BigDecimal("2.25"))), Map.of(),
					TaskOptions.none())
			.get(TIMEOUT, new ParameterizedTypeReference<List<Account>>() {
			});
		assertThat(accounts).containsExactly(new Account("ann", new BigDecimal("1.50")),
				new Account("ann", new BigDecimal("2.25")));
	}

	@Test
	void renamedKwargWithDefaultAndOptionalParameters() {
		assertThat(this.celery.sendTask("it.greet", List.of("ann"), Map.of(), TaskOptions.none()).get(TIMEOUT))
			.isEqualTo("hello ann x1 at none");
		assertThat(this.celery
			.sendTask("it.greet", List.of("bob"), Map.of("times", 3, "when", "2030-01-02T03:04:05Z"), TaskOptions.none())
			.get(TIMEOUT)).isEqualTo("hello bob x3 at 2030-01-02T03:04:05Z");
	}

	@Test
	void taskContextCarriesIdQueueAndHeaders() {
		AsyncResult<Object> result = this.celery.sendTask("it.context", List.of(), Map.of(),
				TaskOptions.builder().header("x-trace", "abc").build());
		assertThat(result.get(TIMEOUT)).isEqualTo(Map.of("id", result.id(), "queue", QUEUE, "trace", "abc",
				"root", result.id(), "retries", 0));
	}

	@Test
	void nullArgumentAndNullResult() {
		assertThat(this.celery.sendTask("it.echo", (Object) null).get(TIMEOUT)).isNull();
	}

	@Test
	void exceptionBecomesRemoteExceptionWithTypeMessageAndTraceback() {
		AsyncResult<Object> result = this.celery.sendTask("it.fail", "no funds");
		assertThatExceptionOfType(CeleryRemoteException.class).isThrownBy(() -> result.get(TIMEOUT))
			.satisfies((ex) -> {
				assertThat(ex.getExcType()).isEqualTo("IllegalStateException");
				assertThat(ex.getExcModule()).isEqualTo("java.lang");
				assertThat(ex.getRemoteMessage()).isEqualTo("no funds");
				assertThat(ex.getRemoteTraceback()).contains("RoundTripTasks.fail");
				assertThat(ex.getTaskId()).isEqualTo(result.id());
				assertThat(ex.getState()).isEqualTo(TaskState.FAILURE);
			});
		assertThat(result.state()).isEqualTo(TaskState.FAILURE);
	}

	@Test
	void argumentsThatDoNotBindFailLikePythonTypeError() {
		assertThatExceptionOfType(CeleryRemoteException.class)
			.isThrownBy(() -> this.celery.sendTask("it.add", 1).get(TIMEOUT))
			.satisfies((ex) -> {
				assertThat(ex.getExcType()).isEqualTo("TypeError");
				assertThat(ex.getExcModule()).isEqualTo("builtins");
				assertThat(ex.getRemoteMessage()).isEqualTo("it.add() missing 1 required argument: 'y'");
			});
		assertThatExceptionOfType(CeleryRemoteException.class)
			.isThrownBy(() -> this.celery.sendTask("it.add", "one", 2).get(TIMEOUT))
			.satisfies((ex) -> assertThat(ex.getRemoteMessage()).startsWith("it.add() argument 'x' expects int"));
	}

	@Test
	void futureCompletesWithTheResult() throws Exception {
		assertThat(this.celery.sendTask("it.add", 20, 22).toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS))
			.isEqualTo(42);
	}

	@Test
	void timeoutNamesTaskAndId() {
		AsyncResult<Object> result = this.celery.sendTask("it.nobody.serves.this", List.of(), Map.of(),
				TaskOptions.builder().queue("it.roundtrip.unserved").build());
		assertThatExceptionOfType(CeleryTimeoutException.class).isThrownBy(() -> result.get(Duration.ofMillis(200)))
			.withMessageContaining("it.nobody.serves.this")
			.withMessageContaining(result.id());
		assertThat(result.state()).isEqualTo(TaskState.PENDING);
	}

	@Test
	void forgetDeletesTheStoredResult() {
		AsyncResult<Object> result = this.celery.sendTask("it.add", 1, 1);
		assertThat(result.get(TIMEOUT)).isEqualTo(2);
		assertThat(result.ready()).isTrue();
		result.forget();
		assertThat(result.state()).isEqualTo(TaskState.PENDING);
	}

	@Test
	void manyConcurrentCallsAllComeBack() {
		List<AsyncResult<Object>> results = new java.util.ArrayList<>();
		for (int i = 0; i < 200; i++) {
			results.add(this.celery.sendTask("it.add", i, i));
		}
		for (int i = 0; i < 200; i++) {
			assertThat(results.get(i).get(TIMEOUT)).isEqualTo(2 * i);
		}
	}

	@Test
	void tasksSentAsynchronouslyEachComeBackWithTheirOwnResult() {
		List<CompletableFuture<Object>> results = new java.util.ArrayList<>();
		for (int i = 0; i < 2_000; i++) {
			results.add(this.celery.sendTaskAsync("it.add", List.of(i, 1), Map.of(), TaskOptions.none())
				.thenCompose(AsyncResult::toCompletableFuture));
		}
		CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).orTimeout(30, TimeUnit.SECONDS).join();
		for (int i = 0; i < 2_000; i++) {
			assertThat(results.get(i).join()).isEqualTo(i + 1);
		}
	}

	@Test
	void stagesOfFuturesRunOnTheCallbackThreadsNeverOnRedisIoThreads() {
		String caller = Thread.currentThread().getName();
		CompletableFuture<String> sendStage = this.celery
			.sendTaskAsync("it.add", List.of(1, 2), Map.of(), TaskOptions.none())
			.thenApply((result) -> Thread.currentThread().getName());
		// The task takes a while, so the stage is attached long before the result arrives.
		CompletableFuture<String> resultStage = this.celery.sendTask("it.nap", 200)
			.toCompletableFuture()
			.thenApply((result) -> Thread.currentThread().getName());
		assertThat(resultStage).succeedsWithin(TIMEOUT).asString().startsWith("celery-callbacks-");
		// Already sent by the time the stage is attached, it runs on the caller's thread.
		assertThat(sendStage).succeedsWithin(TIMEOUT)
			.asString()
			.satisfiesAnyOf((name) -> assertThat(name).startsWith("celery-callbacks-"),
					(name) -> assertThat(name).isEqualTo(caller));
	}

	@Test
	void asyncSendThatCannotBeRoutedFailsItsFutureNotTheCaller() {
		CompletableFuture<AsyncResult<Object>> sent = this.celery.sendTaskAsync("it.add", List.of(1, 2), Map.of(),
				TaskOptions.builder().exchange("it.unbound-exchange", "nowhere").build());
		assertThat(sent).failsWithin(TIMEOUT)
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(CeleryException.class)
			.withMessageContaining("No queue is bound to exchange 'it.unbound-exchange'");
	}

	record Account(String owner, BigDecimal balance) {
	}

	static class RoundTripTasks {

		@CeleryTask("it.add")
		int add(int x, int y) {
			return x + y;
		}

		@CeleryTask("it.nap")
		long nap(long millis) throws InterruptedException {
			Thread.sleep(millis);
			return millis;
		}

		@CeleryTask("it.accounts")
		List<Account> accounts(String owner, List<BigDecimal> balances) {
			return balances.stream().map((b) -> new Account(owner, b)).toList();
		}

		@CeleryTask("it.greet")
		String greet(String name, @Kwarg(defaultValue = "1") int times, Optional<Instant> when) {
			return "hello " + name + " x" + times + " at " + when.map(Instant::toString).orElse("none");
		}

		@CeleryTask("it.context")
		Map<String, Object> context(TaskContext context) {
			return Map.of("id", context.id(), "queue", context.queue(), "trace", context.headers().get("x-trace"),
					"root", context.rootId(), "retries", context.retries());
		}

		@CeleryTask("it.echo")
		Object echo(Object value) {
			return value;
		}

		@CeleryTask("it.fail")
		void fail(String message) {
			throw new IllegalStateException(message);
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Config {

		@Bean
		RoundTripTasks roundTripTasks() {
			return new RoundTripTasks();
		}

	}

}
