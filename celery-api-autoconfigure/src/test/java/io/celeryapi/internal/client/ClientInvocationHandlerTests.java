package io.celeryapi.internal.client;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import tools.jackson.databind.json.JsonMapper;

import io.celeryapi.annotation.CeleryClient;
import io.celeryapi.client.CeleryClientFactory;
import io.celeryapi.client.ClientSettings;
import io.celeryapi.core.Signature;
import io.celeryapi.core.TaskOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * What a client proxy does besides sending: {@code equals}, {@code hashCode},
 * {@code toString} and default methods behave as a user expects, without a broker.
 */
class ClientInvocationHandlerTests {

	final OfflinePublisher offline = new OfflinePublisher();

	final ClientContract contract = new ClientContract(JsonMapper.builder().build(), Duration.ofSeconds(30));

	@AfterEach
	void close() {
		this.offline.close();
	}

	<T> T proxy(Class<T> type) {
		return ClientInvocationHandler.createProxy(type, this.contract, new ClientSettings(),
				this.offline.publisher());
	}

	@CeleryClient(name = "greeter")
	interface Greeter {

		Signature<String> greet(String name);

		default Signature<String> greetAll() {
			return greet("everyone");
		}

		default String describe() {
			return "greeter " + greet("x").getTask();
		}

		default String fail() {
			throw new IllegalArgumentException("from the default method");
		}

	}

	/** Public, so that the default-method access of a public interface is covered too. */
	@CeleryClient(name = "public-greeter")
	public interface PublicGreeter {

		Signature<String> greet(String name);

		default Signature<String> greetTwice(String name) {
			return greet(name + name);
		}

	}

	@Test
	void proxyIsAJdkProxyOfTheInterface() {
		Greeter greeter = proxy(Greeter.class);
		assertThat(Proxy.isProxyClass(greeter.getClass())).isTrue();
		assertThat(greeter).isInstanceOf(Greeter.class);
	}

	@Test
	void toStringNamesTheClientAndTheInterface() {
		assertThat(proxy(Greeter.class).toString()).contains("greeter").contains(Greeter.class.getName());
	}

	@CeleryClient(name = "redeclared")
	interface Redeclared {

		Signature<String> echo(String text);

		@Override
		String toString();

		@Override
		boolean equals(Object other);

		@Override
		int hashCode();

	}

	@Test
	void redeclaredObjectMethodsStayTheProxysOwn() {
		Redeclared one = proxy(Redeclared.class);
		assertThat(one.toString()).contains("redeclared").contains(Redeclared.class.getName());
		assertThat(one.equals(one)).isTrue();
		assertThat(one.equals(proxy(Redeclared.class))).isFalse();
		assertThat(one.hashCode()).isEqualTo(System.identityHashCode(one));
	}

	@Test
	void proxyEqualsItselfOnly() {
		Greeter one = proxy(Greeter.class);
		Greeter other = proxy(Greeter.class);
		assertThat(one.equals(one)).isTrue();
		assertThat(one).isNotEqualTo(other);
		assertThat(one.equals(null)).isFalse();
		assertThat(one.equals("greeter")).isFalse();
	}

	@Test
	void hashCodeIsStableAndWorksInSets() {
		Greeter one = proxy(Greeter.class);
		Greeter other = proxy(Greeter.class);
		assertThat(one.hashCode()).isEqualTo(one.hashCode()).isEqualTo(System.identityHashCode(one));
		Set<Greeter> set = new HashSet<>(Set.of(one, other));
		set.add(one);
		assertThat(set).hasSize(2).contains(one, other);
	}

	@Test
	void defaultMethodRunsItsOwnCodeAndCanCallTaskMethods() {
		Greeter greeter = proxy(Greeter.class);
		assertThat(greeter.greetAll().getArgs()).containsExactly("everyone");
		assertThat(greeter.describe()).isEqualTo("greeter greeter.greet");
	}

	@Test
	void defaultMethodOfAPublicInterface() {
		assertThat(proxy(PublicGreeter.class).greetTwice("ab").getArgs()).containsExactly("abab");
	}

	@Test
	void defaultMethodExceptionsPropagateUnwrapped() {
		Greeter greeter = proxy(Greeter.class);
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(greeter::fail)
			.withMessage("from the default method");
	}

	@Test
	void factoryAppliesTheSettingsOfTheClientName() {
		ClientSettings settings = new ClientSettings();
		settings.setQueue("from-settings");
		Set<String> asked = new HashSet<>();
		CeleryClientFactory factory = new CeleryClientFactory(this.offline.publisher(), (name) -> {
			asked.add(name);
			return settings;
		}, Duration.ofSeconds(5));
		Greeter greeter = factory.create(Greeter.class);
		assertThat(asked).containsExactly("greeter");
		TaskOptions options = greeter.greet("ann").getOptions();
		assertThat(options.getQueue()).isEqualTo("from-settings");
	}

	@CeleryClient(name = "broken")
	interface Broken {

		java.util.concurrent.Future<String> call();

	}

	@Test
	void factoryFailsForABrokenInterfaceNamingTheMethod() {
		CeleryClientFactory factory = new CeleryClientFactory(this.offline.publisher(),
				(name) -> new ClientSettings(), Duration.ofSeconds(5));
		assertThatIllegalStateException().isThrownBy(() -> factory.create(Broken.class))
			.withMessageContaining(Broken.class.getName() + ".call()");
	}

}
