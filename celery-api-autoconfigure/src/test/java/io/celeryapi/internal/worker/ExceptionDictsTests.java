package io.celeryapi.internal.worker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;

import io.celeryapi.core.CeleryRemoteException;
import io.celeryapi.core.TaskState;
import io.celeryapi.internal.protocol.ResultMeta;
import io.celeryapi.internal.protocol.WireJson;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Java exceptions in Celery's exception dict form.
 */
class ExceptionDictsTests {

	@Test
	void writesSimpleNamePackageAndMessage() {
		ObjectNode exc = ExceptionDicts.of(new IllegalStateException("x"));
		assertThat(exc.get("exc_type").asString()).isEqualTo("IllegalStateException");
		assertThat(exc.get("exc_module").asString()).isEqualTo("java.lang");
		assertThat(exc.get("exc_message").isArray()).isTrue();
		assertThat(exc.get("exc_message")).hasSize(1);
		assertThat(exc.get("exc_message").get(0).asString()).isEqualTo("x");
	}

	@Test
	void writesKeysInCeleryOrder() {
		ObjectNode exc = ExceptionDicts.of(new IllegalStateException("x"));
		assertThat(new ArrayList<>(exc.propertyNames())).containsExactly("exc_type", "exc_message", "exc_module");
	}

	@Test
	void matchesTheCapturedJavaExceptionThatPythonDecodes() {
		JsonNode stored = exceptionDecoding().get("java_class_simple_name").get("stored_result");
		assertThat(ExceptionDicts.of(new IllegalStateException("bad state"))).isEqualTo(stored);
	}

	@Test
	void reportsArgumentProblemsAsPythonTypeError() {
		ObjectNode exc = ExceptionDicts.of(new TaskArgumentException("t.add() missing 1 required argument: 'y'"));
		assertThat(exc.get("exc_type").asString()).isEqualTo("TypeError");
		assertThat(exc.get("exc_module").asString()).isEqualTo("builtins");
		assertThat(exc.get("exc_message").get(0).asString()).isEqualTo("t.add() missing 1 required argument: 'y'");
	}

	@Test
	void writesEmptyArgumentsForExceptionWithoutMessage() {
		ObjectNode exc = ExceptionDicts.of(new NullPointerException());
		assertThat(exc.get("exc_type").asString()).isEqualTo("NullPointerException");
		assertThat(exc.get("exc_message").isEmpty()).isTrue();
	}

	@Test
	void usesThePackageOfApplicationExceptions() {
		ObjectNode exc = ExceptionDicts.of(new InsufficientFunds("balance 5 < 10"));
		assertThat(exc.get("exc_type").asString()).isEqualTo("InsufficientFunds");
		assertThat(exc.get("exc_module").asString()).isEqualTo("io.celeryapi.internal.worker");
	}

	@Test
	void namesAnonymousExceptionClassesByTheirSuperclass() {
		ObjectNode exc = ExceptionDicts.of(new IllegalArgumentException("anon") {
		});
		assertThat(exc.get("exc_type").asString()).isEqualTo("IllegalArgumentException");
		assertThat(exc.get("exc_module").asString()).isEqualTo("java.lang");
		assertThat(exc.get("exc_message").get(0).asString()).isEqualTo("anon");
	}

	@Test
	void roundTripsThroughStoredFailure() {
		RuntimeException ex = new UnsupportedOperationException("nope");
		String json = ResultMeta.encode(TaskState.FAILURE, ExceptionDicts.of(ex), ExceptionDicts.traceback(ex), "t-1",
				null, null, null, null, Instant.now());
		CeleryRemoteException remote = ResultMeta.parse("t-1", json).toException();
		assertThat(remote.getExcType()).isEqualTo("UnsupportedOperationException");
		assertThat(remote.getExcModule()).isEqualTo("java.lang");
		assertThat(remote.getRemoteMessage()).isEqualTo("nope");
		assertThat(remote.getRemoteTraceback()).startsWith("java.lang.UnsupportedOperationException: nope")
			.contains("roundTripsThroughStoredFailure");
	}

	@Test
	void writesTracebackWithCauses() {
		Exception ex = new IllegalStateException("outer", new IOException("inner"));
		String traceback = ExceptionDicts.traceback(ex);
		assertThat(traceback).startsWith("java.lang.IllegalStateException: outer")
			.contains("Caused by: java.io.IOException: inner");
	}

	@Test
	void shortensHugeTracebacks() {
		Exception ex = new IllegalStateException("deep");
		List<StackTraceElement> frames = new ArrayList<>();
		for (int i = 0; i < 5000; i++) {
			frames.add(new StackTraceElement("com.example.VeryLongClassNameForTesting", "method" + i, "X.java", i));
		}
		ex.setStackTrace(frames.toArray(StackTraceElement[]::new));
		String traceback = ExceptionDicts.traceback(ex);
		assertThat(traceback).hasSize(32 * 1024 + 4).endsWith("\n...");
	}

	private static JsonNode exceptionDecoding() {
		try (InputStream in = ExceptionDictsTests.class.getResourceAsStream("/wire/exception_decoding.json")) {
			return WireJson.MAPPER.readTree(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static class InsufficientFunds extends RuntimeException {

		private static final long serialVersionUID = 1L;

		InsufficientFunds(String message) {
			super(message);
		}

	}

}
