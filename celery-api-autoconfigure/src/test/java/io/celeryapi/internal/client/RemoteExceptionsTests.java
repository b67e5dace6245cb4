package io.celeryapi.internal.client;

import java.util.List;

import io.celeryapi.core.CeleryRemoteException;
import io.celeryapi.core.TaskState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A remote failure becomes the declared exception of the same simple name, or stays a
 * {@link CeleryRemoteException}.
 */
class RemoteExceptionsTests {

	static CeleryRemoteException remote(String type, Object... args) {
		return new CeleryRemoteException("id-1", TaskState.FAILURE, type, "somewhere", List.of(args), "Traceback...");
	}

	static class InsufficientFunds extends Exception {

		InsufficientFunds(String message) {
			super(message);
		}

	}

	static class ValueError extends RuntimeException {

		private ValueError(String message) {
			super(message);
		}

	}

	static class NoMessageConstructor extends RuntimeException {

		NoMessageConstructor(int code) {
			super(String.valueOf(code));
		}

	}

	abstract static class AbstractFailure extends RuntimeException {

		AbstractFailure(String message) {
			super(message);
		}

	}

	static class ChoosesItsCause extends RuntimeException {

		ChoosesItsCause(String message) {
			super(message, new IllegalStateException("own cause"));
		}

	}

	@Test
	void declaredExceptionOfTheSameSimpleNameIsThrownWithTheRemoteMessage() {
		CeleryRemoteException remote = remote("InsufficientFunds", "balance 5 < 10");
		Throwable translated = RemoteExceptions.translate(remote,
				new Class<?>[] { IllegalStateException.class, InsufficientFunds.class });
		assertThat(translated).isInstanceOf(InsufficientFunds.class).hasMessage("balance 5 < 10").hasCause(remote);
	}

	@Test
	void pythonExceptionNamesMatchToo() {
		Throwable translated = RemoteExceptions.translate(remote("ValueError", "bad amount"),
				new Class<?>[] { ValueError.class });
		assertThat(translated).isInstanceOf(ValueError.class).hasMessage("bad amount");
	}

	@Test
	void severalRemoteArgumentsBecomeOneMessage() {
		Throwable translated = RemoteExceptions.translate(remote("ValueError", "bad", 42),
				new Class<?>[] { ValueError.class });
		assertThat(translated).hasMessage("[bad, 42]");
	}

	@Test
	void undeclaredTypeStaysARemoteException() {
		CeleryRemoteException remote = remote("KeyError", "x");
		assertThat(RemoteExceptions.translate(remote, new Class<?>[] { ValueError.class })).isSameAs(remote);
		assertThat(RemoteExceptions.translate(remote, new Class<?>[0])).isSameAs(remote);
	}

	@Test
	void matchingIsBySimpleNameNotBySupertype() {
		CeleryRemoteException remote = remote("IllegalArgumentException", "x");
		assertThat(RemoteExceptions.translate(remote, new Class<?>[] { RuntimeException.class })).isSameAs(remote);
	}

	@Test
	void declaredTypeWithoutAMessageConstructorStaysARemoteException() {
		CeleryRemoteException remote = remote("NoMessageConstructor", "x");
		assertThat(RemoteExceptions.translate(remote, new Class<?>[] { NoMessageConstructor.class }))
			.isSameAs(remote);
	}

	@Test
	void abstractDeclaredTypeStaysARemoteException() {
		CeleryRemoteException remote = remote("AbstractFailure", "x");
		assertThat(RemoteExceptions.translate(remote, new Class<?>[] { AbstractFailure.class })).isSameAs(remote);
	}

	@Test
	void exceptionThatSetsItsOwnCauseKeepsIt() {
		Throwable translated = RemoteExceptions.translate(remote("ChoosesItsCause", "x"),
				new Class<?>[] { ChoosesItsCause.class });
		assertThat(translated).isInstanceOf(ChoosesItsCause.class).hasMessage("x");
		assertThat(translated.getCause()).hasMessage("own cause");
	}

}
