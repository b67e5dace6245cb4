package io.celeryapi.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import reactor.core.publisher.Mono;

import io.celeryapi.annotation.CeleryCall;
import io.celeryapi.annotation.CeleryClient;
import io.celeryapi.annotation.CeleryTask;
import io.celeryapi.core.AsyncResult;
import io.celeryapi.core.CeleryRemoteException;
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
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A remote failure becomes the exception the client method declares when one has the
 * remote type's simple name, and a {@link CeleryRemoteException} with everything Celery
 * stored otherwise.
 */
@SpringBootTest(classes = ClientErrorsIntegrationTests.Config.class)
@ExtendWith(RedisServerExtension.class)
@DirtiesContext
class ClientErrorsIntegrationTests {

	static final String QUEUE = "it.client.errors";

	static final Duration TIMEOUT = Duration.ofSeconds(20);

	static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		RedisServer redis = RedisServerExtension.shared();
		registry.add("celery.broker-url", () -> redis.url(0));
		registry.add("celery.worker.queues", () -> QUEUE);
	}

	@Autowired
	Errors errors;

	@Test
	void succeedsWhenTheTaskDoes() throws InsufficientFunds {
		assertThat(this.errors.withdraw(5)).isEqualTo(5);
	}

	@Test
	void declaredCheckedExceptionOfTheRemoteTypesNameIsThrown() {
		assertThatExceptionOfType(InsufficientFunds.class).isThrownBy(() -> this.errors.withdraw(500))
			.withMessage("balance 10 < 500")
			.withCauseInstanceOf(CeleryRemoteException.class);
	}

	@Test
	void declaredUncheckedExceptionOfTheRemoteTypesNameIsThrown() {
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> this.errors.fail("broken"))
			.withMessage("broken");
	}

	@Test
	void pythonStyleTypeErrorOfArgumentsMapsToADeclaredTypeError() {
		assertThatExceptionOfType(TypeError.class).isThrownBy(() -> this.errors.withdrawWithoutArguments())
			.withMessageContaining("missing 1 required argument");
	}

	@Test
	void undeclaredRemoteTypeIsACeleryRemoteExceptionWithEverythingStored() {
		assertThatExceptionOfType(CeleryRemoteException.class).isThrownBy(() -> this.errors.withdrawUndeclared(500))
			.satisfies((ex) -> {
				assertThat(ex.getExcType()).isEqualTo("InsufficientFunds");
				assertThat(ex.getExcModule()).isEqualTo(Tasks.class.getPackageName());
				assertThat(ex.getRemoteMessage()).isEqualTo("balance 10 < 500");
				assertThat(ex.getRemoteTraceback()).contains("Tasks.withdraw");
				assertThat(ex.getTaskId()).matches(UUID);
				assertThat(ex.getState()).isEqualTo(TaskState.FAILURE);
			});
	}

	@Test
	void declaredExceptionOfAnotherNameLeavesTheRemoteException() {
		assertThatExceptionOfType(CeleryRemoteException.class)
			.isThrownBy(() -> this.errors.withdrawDeclaringAnother(500))
			.satisfies((ex) -> assertThat(ex.getExcType()).isEqualTo("InsufficientFunds"));
	}

	@Test
	void futureFailsWithTheDeclaredException() throws Exception {
		CompletableFuture<Long> future = this.errors.withdrawLater(500);
		Throwable thrown = catchThrowable(() -> future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
		assertThat(thrown).isInstanceOf(ExecutionException.class)
			.cause()
			.isInstanceOf(InsufficientFunds.class)
			.hasMessage("balance 10 < 500");
	}

	@Test
	void futureOfAnUndeclaredFailureFailsWithTheRemoteException() {
		CompletableFuture<Long> future = this.errors.withdrawLaterUndeclared(500);
		Throwable thrown = catchThrowable(() -> future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
		assertThat(thrown).isInstanceOf(ExecutionException.class).cause().isInstanceOf(CeleryRemoteException.class);
	}

	@Test
	void monoErrorsWithTheDeclaredException() throws Exception {
		Mono<Long> mono = this.errors.withdrawMono(500);
		assertThat(catchThrowable(() -> mono.block(TIMEOUT))).hasRootCauseInstanceOf(CeleryRemoteException.class)
			.satisfiesAnyOf((ex) -> assertThat(ex).isInstanceOf(InsufficientFunds.class),
					(ex) -> assertThat(ex.getCause()).isInstanceOf(InsufficientFunds.class));
		assertThat(mono.onErrorResume(InsufficientFunds.class, (ex) -> Mono.just(-1L)).block(TIMEOUT))
			.isEqualTo(-1L);
	}

	@Test
	void asyncResultKeepsTheRemoteException() throws Exception {
		AsyncResult<Long> handle = this.errors.withdrawHandle(500);
		assertThatExceptionOfType(CeleryRemoteException.class).isThrownBy(() -> handle.get(TIMEOUT))
			.satisfies((ex) -> assertThat(ex.getTaskId()).isEqualTo(handle.id()));
	}

	/** Same simple name as the worker's exception, but another class: a checked one. */
	static class InsufficientFunds extends Exception {

		InsufficientFunds(String message) {
			super(message);
		}

	}

	static class AccountNotFound extends Exception {

		AccountNotFound(String message) {
			super(message);
		}

	}

	/** Java name for Celery's Python {@code TypeError}. */
	static class TypeError extends RuntimeException {

		TypeError(String message) {
			super(message);
		}

	}

	@CeleryClient(name = "errors", queue = QUEUE)
	interface Errors {

		long withdraw(long cents) throws InsufficientFunds;

		String fail(String message) throws IllegalStateException;

		@CeleryCall(name = "errors.withdraw")
		long withdrawWithoutArguments() throws TypeError;

		@CeleryCall(name = "errors.withdraw")
		long withdrawUndeclared(long cents);

		@CeleryCall(name = "errors.withdraw")
		long withdrawDeclaringAnother(long cents) throws AccountNotFound;

		@CeleryCall(name = "errors.withdraw")
		CompletableFuture<Long> withdrawLater(long cents) throws InsufficientFunds;

		@CeleryCall(name = "errors.withdraw")
		CompletableFuture<Long> withdrawLaterUndeclared(long cents);

		@CeleryCall(name = "errors.withdraw")
		Mono<Long> withdrawMono(long cents) throws InsufficientFunds;

		@CeleryCall(name = "errors.withdraw")
		AsyncResult<Long> withdrawHandle(long cents) throws InsufficientFunds;

	}

	static class Tasks {

		@CeleryTask("errors.withdraw")
		long withdraw(long cents) {
			if (cents > 10) {
				throw new Worker.InsufficientFunds("balance 10 < " + cents);
			}
			return cents;
		}

		@CeleryTask("errors.fail")
		String fail(String message) {
			throw new IllegalStateException(message);
		}

	}

	/** The worker's side, which the client does not share. */
	static final class Worker {

		static class InsufficientFunds extends RuntimeException {

			InsufficientFunds(String message) {
				super(message);
			}

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
