package io.celeryapi.internal.client;

import java.io.InputStream;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;

import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;

import io.celeryapi.annotation.CeleryCall;
import io.celeryapi.annotation.CeleryClient;
import io.celeryapi.annotation.Kwarg;
import io.celeryapi.client.ClientSettings;
import io.celeryapi.core.TaskOptions;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Interfaces that cannot work fail when parsed, that is at startup, with a message naming
 * the interface and the method.
 */
class ClientContractFailureTests {

	final ClientContract contract = new ClientContract(JsonMapper.builder().build(), Duration.ofSeconds(30));

	ThrowableAssertAlternative<IllegalStateException> assertFails(Class<?> type, String method) {
		return assertFails(type, new ClientSettings(), method);
	}

	ThrowableAssertAlternative<IllegalStateException> assertFails(Class<?> type, ClientSettings settings, String method) {
		return assertThatIllegalStateException().isThrownBy(() -> this.contract.parse(type, settings))
			.withMessageContaining(type.getName() + "." + method + "()");
	}

	@CeleryClient(name = "bad")
	interface ReturnsFuture {

		Future<String> result();

	}

	@CeleryClient(name = "bad")
	interface ReturnsStream {

		Stream<String> results();

	}

	@CeleryClient(name = "bad")
	interface ReturnsIterator {

		Iterator<String> results();

	}

	@CeleryClient(name = "bad")
	interface ReturnsFlux {

		Flux<String> results();

	}

	@CeleryClient(name = "bad")
	interface Overloaded {

		String open(String owner);

		String open(String owner, long cents);

	}

	@CeleryClient(name = "bad")
	interface StreamParameter {

		String upload(String name, InputStream content);

	}

	@CeleryClient(name = "bad")
	interface SupplierParameter {

		String compute(Supplier<String> value);

	}

	@CeleryClient(name = "bad")
	interface TwoOptions {

		String call(TaskOptions first, TaskOptions second);

	}

	@CeleryClient(name = "bad")
	interface SameKwargTwice {

		String call(@Kwarg("x") int a, @Kwarg("x") int b);

	}

	@CeleryClient(name = "bad")
	interface BadDuration {

		@CeleryCall(timeout = "soon")
		String call();

	}

	@CeleryClient(name = "bad")
	interface IgnoresTheResultItWaitsFor {

		@CeleryCall(ignoreResult = true)
		String call();

	}

	@CeleryClient(name = "bad")
	interface IgnoresTheResultOfAFuture {

		@CeleryCall(ignoreResult = true)
		java.util.concurrent.CompletableFuture<Void> call();

	}

	@CeleryClient(name = "bad")
	interface OutOfRangePriority {

		@CeleryCall(priority = 300)
		String call();

	}

	@CeleryClient(name = "bad")
	interface Fine {

		String call();

	}

	@CeleryClient(name = "bad")
	abstract static class NotAnInterface {

		abstract String call();

	}

	@Test
	void unsupportedReturnTypeFuture() {
		assertFails(ReturnsFuture.class, "result").withMessageContaining("unsupported type")
			.withMessageContaining("Future");
	}

	@Test
	void unsupportedReturnTypeStream() {
		assertFails(ReturnsStream.class, "results").withMessageContaining("unsupported type");
	}

	@Test
	void unsupportedReturnTypeIterator() {
		assertFails(ReturnsIterator.class, "results").withMessageContaining("unsupported type");
	}

	@Test
	void unsupportedReturnTypeFlux() {
		assertFails(ReturnsFlux.class, "results").withMessageContaining("unsupported type")
			.withMessageContaining("Mono<T>");
	}

	@Test
	void overloadsMappedToOneTask() {
		assertFails(Overloaded.class, "open").withMessageContaining("overloaded")
			.withMessageContaining("'bad.open'")
			.withMessageContaining("@CeleryCall(name");
	}

	@Test
	void parameterThatCannotBeSerialized() {
		assertFails(StreamParameter.class, "upload").withMessageContaining("'content'")
			.withMessageContaining(InputStream.class.getName())
			.withMessageContaining("cannot be serialized");
	}

	@Test
	void functionParameterCannotBeSerialized() {
		assertFails(SupplierParameter.class, "compute").withMessageContaining("cannot be serialized");
	}

	@Test
	void twoTaskOptionsParameters() {
		assertFails(TwoOptions.class, "call").withMessageContaining("two TaskOptions");
	}

	@Test
	void oneKwargSentTwice() {
		assertFails(SameKwargTwice.class, "call").withMessageContaining("'x' twice");
	}

	@Test
	void invalidDuration() {
		assertFails(BadDuration.class, "call").withMessageContaining("'soon'");
	}

	@Test
	void ignoredResultOnAMethodThatWaitsForIt() {
		assertFails(IgnoresTheResultItWaitsFor.class, "call").withMessageContaining("ignores its result");
	}

	@Test
	void ignoredResultOnAFutureOfVoidThatWouldNeverComplete() {
		assertFails(IgnoresTheResultOfAFuture.class, "call").withMessageContaining("never complete");
	}

	@Test
	void ignoredResultFromPropertiesOnAMethodThatWaitsForIt() {
		ClientSettings settings = new ClientSettings();
		settings.getMethods().computeIfAbsent("call", (name) -> new ClientSettings()).setIgnoreResult(true);
		assertFails(Fine.class, settings, "call").withMessageContaining("ignores its result");
	}

	@Test
	void outOfRangePriorityInTheAnnotation() {
		assertFails(OutOfRangePriority.class, "call").withMessageContaining("priority");
	}

	@Test
	void outOfRangePriorityInProperties() {
		ClientSettings settings = new ClientSettings();
		settings.getMethods().computeIfAbsent("call", (name) -> new ClientSettings()).setPriority(-3);
		assertFails(Fine.class, settings, "call").withMessageContaining("priority");
	}

	@Test
	void notAnInterface() {
		assertThatIllegalStateException()
			.isThrownBy(() -> this.contract.parse(NotAnInterface.class, new ClientSettings()))
			.withMessageContaining(NotAnInterface.class.getName())
			.withMessageContaining("must be an interface");
	}

}
