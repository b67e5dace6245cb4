package io.celeryapi.internal.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import io.celeryapi.annotation.CeleryCall;
import io.celeryapi.annotation.CeleryClient;
import io.celeryapi.annotation.Kwarg;
import io.celeryapi.client.ClientSettings;
import io.celeryapi.core.Signature;
import io.celeryapi.core.TaskOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the arguments of one call become args, kwargs and options, observed through
 * {@code Signature} methods, which build the call without sending it.
 */
class ClientCallOptionsTests {

	final OfflinePublisher offline = new OfflinePublisher();

	final ClientContract contract = new ClientContract(JsonMapper.builder().build(), Duration.ofSeconds(30));

	@AfterEach
	void close() {
		this.offline.close();
	}

	<T> T proxy(Class<T> type, ClientSettings settings) {
		return ClientInvocationHandler.createProxy(type, this.contract, settings, this.offline.publisher());
	}

	<T> T proxy(Class<T> type) {
		return proxy(type, new ClientSettings());
	}

	record Account(String owner, long cents) {
	}

	@CeleryClient(name = "accounts", queue = "accounts")
	interface Accounts {

		Signature<Account> open(String owner, long cents);

		@CeleryCall(name = "accounts.open")
		Signature<Account> openWithKwarg(String owner, @Kwarg("initial_cents") long cents);

		@CeleryCall(name = "accounts.open")
		Signature<Account> openWithParameterName(@Kwarg String owner, @Kwarg long cents);

		@CeleryCall(name = "accounts.open")
		Signature<Account> openMixed(@Kwarg("initial_cents") long cents, String owner, Account template);

		@CeleryCall(queue = "from-call-annotation", priority = 4, countdown = "3s")
		Signature<Account> transfer(String from, TaskOptions options, String to);

		Signature<List<Account>> list(@Kwarg("owners") List<String> owners);

	}

	@Test
	void parametersArePositionalByDefault() {
		Signature<Account> signature = proxy(Accounts.class).open("ann", 100);
		assertThat(signature.getTask()).isEqualTo("accounts.open");
		assertThat(signature.getArgs()).containsExactly("ann", 100L);
		assertThat(signature.getKwargs()).isEmpty();
	}

	@Test
	void kwargSendsTheArgumentByTheGivenName() {
		Signature<Account> signature = proxy(Accounts.class).openWithKwarg("ann", 100);
		assertThat(signature.getArgs()).containsExactly("ann");
		assertThat(signature.getKwargs()).containsExactly(Map.entry("initial_cents", 100L));
	}

	@Test
	void kwargWithoutNameUsesTheParameterName() {
		Signature<Account> signature = proxy(Accounts.class).openWithParameterName("ann", 100);
		assertThat(signature.getArgs()).isEmpty();
		assertThat(signature.getKwargs()).containsExactly(Map.entry("owner", "ann"), Map.entry("cents", 100L));
	}

	@Test
	void positionalArgumentsKeepTheirOrderAroundKwargs() {
		Account template = new Account("tpl", 1);
		Signature<Account> signature = proxy(Accounts.class).openMixed(100, "ann", template);
		assertThat(signature.getArgs()).containsExactly("ann", template);
		assertThat(signature.getKwargs()).containsExactly(Map.entry("initial_cents", 100L));
	}

	@Test
	void nullArgumentsAreSentAsNull() {
		Signature<Account> signature = proxy(Accounts.class).openWithKwarg(null, 0);
		assertThat(signature.getArgs()).containsExactly((Object) null);
	}

	@Test
	void methodDefaultsBecomeTheCallsOptions() {
		TaskOptions options = proxy(Accounts.class).transfer("a", null, "b").getOptions();
		assertThat(options.getQueue()).isEqualTo("from-call-annotation");
		assertThat(options.getPriority()).isEqualTo(4);
		assertThat(options.getCountdown()).isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void taskOptionsParameterIsNotAnArgument() {
		Signature<Account> signature = proxy(Accounts.class).transfer("a", TaskOptions.none(), "b");
		assertThat(signature.getArgs()).containsExactly("a", "b");
		assertThat(signature.getKwargs()).isEmpty();
	}

	@Test
	void taskOptionsParameterBeatsEveryOtherQueueForOneCall() {
		ClientSettings settings = new ClientSettings();
		settings.setQueue("from-client-property");
		settings.getMethods().computeIfAbsent("transfer", (name) -> new ClientSettings()).setQueue("from-method");
		Accounts accounts = proxy(Accounts.class, settings);
		TaskOptions options = accounts.transfer("a", TaskOptions.builder().queue("from-call").build(), "b")
			.getOptions();
		assertThat(options.getQueue()).isEqualTo("from-call");
		assertThat(options.getPriority()).as("defaults the call does not override stay").isEqualTo(4);
		assertThat(accounts.transfer("a", null, "b").getOptions().getQueue())
			.as("the override lasts one call")
			.isEqualTo("from-method");
	}

	@Test
	void taskOptionsParameterOverridesOtherOptionsToo() {
		TaskOptions options = proxy(Accounts.class)
			.transfer("a", TaskOptions.builder().priority(1).countdown(Duration.ofSeconds(10)).header("x", "y").build(),
					"b")
			.getOptions();
		assertThat(options.getPriority()).isEqualTo(1);
		assertThat(options.getCountdown()).isEqualTo(Duration.ofSeconds(10));
		assertThat(options.getHeaders()).containsEntry("x", "y");
		assertThat(options.getQueue()).isEqualTo("from-call-annotation");
	}

	@Test
	void clientAnnotationQueueReachesTheSignature() {
		assertThat(proxy(Accounts.class).open("ann", 1).getOptions().getQueue()).isEqualTo("accounts");
	}

	@Test
	void signatureCarriesTheGenericResultType() {
		Signature<List<Account>> signature = proxy(Accounts.class).list(List.of("ann"));
		assertThat(signature.getResultType().getTypeName()).contains("java.util.List")
			.contains(Account.class.getName());
		assertThat(signature.getKwargs()).containsExactly(Map.entry("owners", List.of("ann")));
	}

}
