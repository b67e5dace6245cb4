package io.celeryapi.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import io.celeryapi.annotation.CeleryCall;
import io.celeryapi.annotation.CeleryClient;
import io.celeryapi.annotation.CeleryTask;
import io.celeryapi.annotation.Kwarg;
import io.celeryapi.core.AsyncResult;
import io.celeryapi.core.CeleryException;
import io.celeryapi.core.CeleryOperations;
import io.celeryapi.core.CeleryTimeoutException;
import io.celeryapi.core.Signature;
import io.celeryapi.core.TaskOptions;
import io.celeryapi.core.TaskState;
import io.celeryapi.test.RedisServer;
import io.celeryapi.test.RedisServerExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every return type of a client method over a real Redis and a Java worker: blocking
 * (including a timeout that fires), futures, handles, signatures, Mono, and default
 * methods.
 */
@SpringBootTest(classes = ClientReturnTypesIntegrationTests.Config.class)
@ExtendWith(RedisServerExtension.class)
@DirtiesContext
class ClientReturnTypesIntegrationTests {

	static final String QUEUE = "it.client.returns";

	/** A queue no worker consumes: what is sent there stays for inspection. */
	static final String PARKED = "it.client.returns.parked";

	static final Duration TIMEOUT = Duration.ofSeconds(20);

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		RedisServer redis = RedisServerExtension.shared();
		registry.add("celery.broker-url", () -> redis.url(0));
		registry.add("celery.worker.queues", () -> QUEUE);
		registry.add("celery.worker.concurrency", () -> "4");
	}

	@Autowired
	Returns returns;

	@Autowired
	Tasks tasks;

	@Autowired
	CeleryOperations celery;

	@BeforeEach
	void block() {
		this.tasks.release = new CountDownLatch(1);
	}

	@AfterEach
	void release() {
		this.tasks.release.countDown();
		RedisServerExtension.shared().command("DEL", PARKED);
	}

	@Test
	void plainTypeWaitsForTheResult() {
		assertThat(this.returns.open("ann", 100)).isEqualTo(new Account("ann", 100));
	}

	@Test
	void nullResultOfABlockingCall() {
		assertThat(this.returns.nothing()).isNull();
	}

	@Test
	void nullResultOfAPrimitiveMethodIsAClearError() {
		assertThatExceptionOfType(CeleryException.class).isThrownBy(() -> this.returns.nothingAsInt())
			.withMessageContaining("returns.nothing")
			.withMessageContaining("nothingAsInt()");
	}

	@Test
	void blockingCallTimesOutAfterTheMethodsTimeoutNamingTaskAndId() {
		long start = System.nanoTime();
		CeleryTimeoutException ex = catchThrowableOfType(CeleryTimeoutException.class,
				() -> this.returns.slow("late"));
		long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		assertThat(ex).isNotNull();
		assertThat(ex.getTaskName()).isEqualTo("returns.slow");
		assertThat(ex.getTaskId()).isNotBlank();
		assertThat(ex.getMessage()).contains("returns.slow").contains(ex.getTaskId()).contains("300 ms");
		assertThat(waitedMillis).as("waited the method's 300ms, not the 30s default").isLessThan(10_000);
		this.tasks.release.countDown();
		assertThat(this.celery.asyncResult(ex.getTaskId()).get(TIMEOUT)).as("the task still ran").isEqualTo("late");
	}

	@Test
	void completableFutureCompletesWithTheResult() throws Exception {
		CompletableFuture<Account> future = this.returns.openLater("bob", 5);
		assertThat(future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(new Account("bob", 5));
	}

	@Test
	void completionStageCompletesWithTheResult() throws Exception {
		CompletionStage<Account> stage = this.returns.openStage("cy", 7);
		assertThat(stage.toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
			.isEqualTo(new Account("cy", 7));
	}

	@Test
	void futureDoesNotBlockTheCaller() throws Exception {
		CompletableFuture<String> future = this.returns.slowLater("eventually");
		assertThat(future).isNotDone();
		this.tasks.release.countDown();
		assertThat(future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("eventually");
	}

	@Test
	void asyncResultIsATypedHandle() {
		AsyncResult<Account> handle = this.returns.openHandle("dee", 9);
		assertThat(handle.id()).isNotBlank();
		Account account = handle.get(TIMEOUT);
		assertThat(account).isEqualTo(new Account("dee", 9));
		assertThat(handle.state()).isEqualTo(TaskState.SUCCESS);
		assertThat(handle.toCompletableFuture().join()).isEqualTo(account);
	}

	@Test
	void signatureBuildsACallThatIsSentLater() {
		Signature<Account> signature = this.returns.openSignature("eve", 11);
		assertThat(signature.getTask()).isEqualTo("returns.open");
		assertThat(signature.getArgs()).containsExactly("eve");
		assertThat(signature.getKwargs()).containsEntry("initial_cents", 11L);
		assertThat(signature.getOptions().getQueue()).isEqualTo(QUEUE);
		Account account = this.celery.send(signature).get(TIMEOUT);
		assertThat(account).isEqualTo(new Account("eve", 11));
	}

	@Test
	void monoEmitsTheResult() {
		assertThat(this.returns.openMono("fay", 13).block(TIMEOUT)).isEqualTo(new Account("fay", 13));
	}

	@Test
	void monoOfANullResultIsEmpty() {
		assertThat(this.returns.nothingMono().blockOptional(TIMEOUT)).isEmpty();
	}

	@Test
	void monoSendsOnSubscriptionAndOncePerSubscription() {
		TaskOptions parked = TaskOptions.builder().queue(PARKED).build();
		RedisServer redis = RedisServerExtension.shared();
		Mono<Account> mono = this.returns.openMonoWith("gus", 1, parked);
		assertThat(redis.llen(PARKED)).as("nothing sent before subscribing").isZero();
		Disposable first = mono.subscribe();
		Disposable second = mono.subscribe();
		try {
			// Sends are pipelined: each subscription's message lands a moment later.
			org.awaitility.Awaitility.await()
				.atMost(TIMEOUT)
				.untilAsserted(() -> assertThat(redis.llen(PARKED)).as("one message per subscription").isEqualTo(2));
		}
		finally {
			first.dispose();
			second.dispose();
		}
	}

	@Test
	void monoCallsEachTimeItIsSubscribed() {
		int before = this.tasks.counted.get();
		Mono<Integer> count = this.returns.countMono();
		count.block(TIMEOUT);
		count.block(TIMEOUT);
		assertThat(this.tasks.counted.get()).isEqualTo(before + 2);
	}

	@Test
	void defaultMethodRunsOnTheProxy() {
		assertThat(this.returns.openEmpty("hal")).isEqualTo(new Account("hal", 0));
	}

	@Test
	void proxyBehavesAsAnObject() {
		assertThat(this.returns).isEqualTo(this.returns).hasSameHashCodeAs(this.returns);
		assertThat(this.returns.toString()).contains("returns").contains(Returns.class.getName());
	}

	record Account(String owner, long cents) {
	}

	@CeleryClient(name = "returns", queue = QUEUE)
	interface Returns {

		Account open(String owner, @Kwarg("initial_cents") long cents);

		String nothing();

		@CeleryCall(name = "returns.nothing")
		int nothingAsInt();

		@CeleryCall(timeout = "300ms")
		String slow(String value);

		@CeleryCall(name = "returns.slow")
		CompletableFuture<String> slowLater(String value);

		@CeleryCall(name = "returns.open")
		CompletableFuture<Account> openLater(String owner, @Kwarg("initial_cents") long cents);

		@CeleryCall(name = "returns.open")
		CompletionStage<Account> openStage(String owner, @Kwarg("initial_cents") long cents);

		@CeleryCall(name = "returns.open")
		AsyncResult<Account> openHandle(String owner, @Kwarg("initial_cents") long cents);

		@CeleryCall(name = "returns.open")
		Signature<Account> openSignature(String owner, @Kwarg("initial_cents") long cents);

		@CeleryCall(name = "returns.open")
		Mono<Account> openMono(String owner, @Kwarg("initial_cents") long cents);

		@CeleryCall(name = "returns.open")
		Mono<Account> openMonoWith(String owner, @Kwarg("initial_cents") long cents, TaskOptions options);

		@CeleryCall(name = "returns.nothing")
		Mono<String> nothingMono();

		@CeleryCall(name = "returns.count")
		Mono<Integer> countMono();

		default Account openEmpty(String owner) {
			return open(owner, 0);
		}

	}

	static class Tasks {

		volatile CountDownLatch release = new CountDownLatch(1);

		final AtomicInteger counted = new AtomicInteger();

		@CeleryTask("returns.open")
		Account open(String owner, @Kwarg(value = "initial_cents", defaultValue = "0") long initialCents) {
			return new Account(owner, initialCents);
		}

		@CeleryTask("returns.nothing")
		String nothing() {
			return null;
		}

		@CeleryTask("returns.slow")
		String slow(String value) throws InterruptedException {
			this.release.await(30, TimeUnit.SECONDS);
			return value;
		}

		@CeleryTask("returns.count")
		int count() {
			return this.counted.incrementAndGet();
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
