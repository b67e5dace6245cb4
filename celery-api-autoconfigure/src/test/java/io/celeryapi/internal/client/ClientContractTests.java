package io.celeryapi.internal.client;

import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import reactor.core.publisher.Mono;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

import io.celeryapi.annotation.CeleryCall;
import io.celeryapi.annotation.CeleryClient;
import io.celeryapi.client.ClientSettings;
import io.celeryapi.core.AsyncResult;
import io.celeryapi.core.Signature;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@link ClientContract} maps an interface to tasks, options and return kinds: one test
 * per rule. The precedence of queues and options is also exercised through proxies in
 * {@link ClientCallOptionsTests}; startup failures are in {@link ClientContractFailureTests}.
 */
class ClientContractTests {

	static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(42);

	final JsonMapper mapper = JsonMapper.builder().build();

	final ClientContract contract = new ClientContract(this.mapper, DEFAULT_TIMEOUT);

	ClientMethod parse(Class<?> type, String name, Class<?>... parameterTypes) {
		return parse(type, new ClientSettings(), name, parameterTypes);
	}

	ClientMethod parse(Class<?> type, ClientSettings settings, String name, Class<?>... parameterTypes) {
		Method method;
		try {
			method = type.getMethod(name, parameterTypes);
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalArgumentException(ex);
		}
		ClientMethod parsed = this.contract.parse(type, settings).get(method);
		assertThat(parsed).as("parsed %s", method).isNotNull();
		return parsed;
	}

	static ClientSettings settings(String queue) {
		ClientSettings settings = new ClientSettings();
		settings.setQueue(queue);
		return settings;
	}

	static ClientSettings methodSettings(ClientSettings client, String method) {
		return client.getMethods().computeIfAbsent(method, (name) -> new ClientSettings());
	}

	record Account(String owner, BigDecimal balance) {
	}

	@Nested
	class TaskNames {

		@CeleryClient(name = "accounts")
		interface Accounts {

			Account open(String owner);

			@CeleryCall(name = "legacy.open_account_v2")
			Account openLegacy(String owner);

		}

		@CeleryClient("ledger")
		interface Ledger {

			void post(String entry);

		}

		@CeleryClient
		interface BillingService {

			void charge(long cents);

		}

		interface Pingable {

			String ping();

		}

		@CeleryClient(name = "svc")
		interface Service extends Pingable {

		}

		@Test
		void taskNameIsClientNameDotMethodName() {
			assertThat(parse(Accounts.class, "open", String.class).taskName()).isEqualTo("accounts.open");
		}

		@Test
		void valueIsAnAliasOfName() {
			assertThat(ClientContract.clientName(Ledger.class)).isEqualTo("ledger");
			assertThat(parse(Ledger.class, "post", String.class).taskName()).isEqualTo("ledger.post");
		}

		@Test
		void clientNameDefaultsToTheUncapitalizedInterfaceName() {
			assertThat(ClientContract.clientName(BillingService.class)).isEqualTo("billingService");
			assertThat(parse(BillingService.class, "charge", long.class).taskName())
				.isEqualTo("billingService.charge");
		}

		@Test
		void celeryCallNameOverridesTheWholeTaskName() {
			assertThat(parse(Accounts.class, "openLegacy", String.class).taskName())
				.isEqualTo("legacy.open_account_v2");
		}

		@Test
		void inheritedMethodsTakeTheClientNameOfTheAnnotatedInterface() {
			assertThat(parse(Service.class, "ping").taskName()).isEqualTo("svc.ping");
		}

	}

	@Nested
	class NonTaskMethods {

		@CeleryClient(name = "mixed")
		interface Mixed {

			String echo(String text);

			default String shout(String text) {
				return echo(text).toUpperCase();
			}

			static Mixed nothing() {
				return null;
			}

		}

		@CeleryClient(name = "redeclared")
		interface RedeclaresObjectMethods {

			String echo(String text);

			@Override
			String toString();

			@Override
			boolean equals(Object other);

			@Override
			int hashCode();

		}

		@Test
		void redeclaredObjectMethodsAreNotTasks() {
			assertThat(ClientContractTests.this.contract.parse(RedeclaresObjectMethods.class, new ClientSettings())
				.keySet()).extracting(Method::getName).containsExactly("echo");
		}

		@Test
		void defaultStaticAndObjectMethodsAreNotTasks() {
			assertThat(ClientContractTests.this.contract.parse(Mixed.class, new ClientSettings()).keySet())
				.extracting(Method::getName)
				.containsExactly("echo");
		}

	}

	@Nested
	class Queues {

		@CeleryClient(name = "q", queue = "from-client-annotation")
		interface Annotated {

			String plain();

			@CeleryCall(queue = "from-call-annotation")
			String routed();

			String routedElsewhere();

		}

		@CeleryClient(name = "bare")
		interface Bare {

			String plain();

		}

		@Test
		void clientAnnotationQueueIsTheFallback() {
			assertThat(parse(Annotated.class, "plain").defaults().getQueue()).isEqualTo("from-client-annotation");
		}

		@Test
		void clientPropertyBeatsClientAnnotation() {
			assertThat(parse(Annotated.class, settings("from-client-property"), "plain").defaults().getQueue())
				.isEqualTo("from-client-property");
		}

		@Test
		void callAnnotationBeatsClientProperty() {
			assertThat(parse(Annotated.class, settings("from-client-property"), "routed").defaults().getQueue())
				.isEqualTo("from-call-annotation");
		}

		@Test
		void methodPropertyBeatsCallAnnotation() {
			ClientSettings settings = settings("from-client-property");
			methodSettings(settings, "routed").setQueue("from-method-property");
			assertThat(parse(Annotated.class, settings, "routed").defaults().getQueue())
				.isEqualTo("from-method-property");
		}

		@Test
		void methodPropertyKeyMayBeKebabCase() {
			ClientSettings settings = new ClientSettings();
			methodSettings(settings, "routed-elsewhere").setQueue("from-kebab-case");
			assertThat(parse(Annotated.class, settings, "routedElsewhere").defaults().getQueue())
				.isEqualTo("from-kebab-case");
		}

		@Test
		void methodPropertyKeyMayBeLowerCase() {
			ClientSettings settings = new ClientSettings();
			methodSettings(settings, "routedelsewhere").setQueue("from-lower-case");
			assertThat(parse(Annotated.class, settings, "routedElsewhere").defaults().getQueue())
				.isEqualTo("from-lower-case");
		}

		@Test
		void exactMethodPropertyKeyWinsOverARelaxedOne() {
			ClientSettings settings = new ClientSettings();
			methodSettings(settings, "routed-elsewhere").setQueue("from-kebab-case");
			methodSettings(settings, "routedElsewhere").setQueue("from-exact");
			assertThat(parse(Annotated.class, settings, "routedElsewhere").defaults().getQueue())
				.isEqualTo("from-exact");
		}

		@Test
		void methodPropertyOfAnotherMethodDoesNotApply() {
			ClientSettings settings = new ClientSettings();
			methodSettings(settings, "routed").setQueue("from-method-property");
			assertThat(parse(Annotated.class, settings, "plain").defaults().getQueue())
				.isEqualTo("from-client-annotation");
		}

		@Test
		void noQueueAnywhereLeavesItToRoutesAndTheDefaultQueue() {
			assertThat(parse(Bare.class, "plain").defaults().getQueue()).isNull();
		}

	}

	@Nested
	class CallDefaults {

		@CeleryClient(name = "defaults")
		interface Annotated {

			@CeleryCall(countdown = "2s", expires = "PT1M", priority = 3, timeout = "500ms", ignoreResult = true)
			AsyncResult<String> everything();

			@CeleryCall(priority = 0)
			String urgent();

			String plain();

		}

		@CeleryClient(name = "notifications")
		interface Notifications {

			AsyncResult<String> sent();

			void notify(String text);

		}

		@Test
		void annotationSetsCountdownExpiresPriorityIgnoreResultAndTimeout() {
			ClientMethod method = parse(Annotated.class, "everything");
			assertThat(method.defaults().getCountdown()).isEqualTo(Duration.ofSeconds(2));
			assertThat(method.defaults().getExpiresIn()).isEqualTo(Duration.ofMinutes(1));
			assertThat(method.defaults().getPriority()).isEqualTo(3);
			assertThat(method.defaults().getIgnoreResult()).isTrue();
			assertThat(method.timeout()).isEqualTo(Duration.ofMillis(500));
		}

		@Test
		void priorityZeroIsASetting() {
			assertThat(parse(Annotated.class, "urgent").defaults().getPriority()).isZero();
		}

		@Test
		void unsetAnnotationLeavesEverythingUnsetAndTheDefaultTimeout() {
			ClientMethod method = parse(Annotated.class, "plain");
			assertThat(method.defaults().getCountdown()).isNull();
			assertThat(method.defaults().getExpiresIn()).isNull();
			assertThat(method.defaults().getPriority()).isNull();
			assertThat(method.defaults().getIgnoreResult()).isNull();
			assertThat(method.timeout()).isEqualTo(DEFAULT_TIMEOUT);
		}

		@Test
		void clientPropertiesSetEveryMethodsDefaults() {
			ClientSettings settings = new ClientSettings();
			settings.setCountdown(Duration.ofSeconds(5));
			settings.setExpires(Duration.ofHours(1));
			settings.setPriority(7);
			settings.setTimeout(Duration.ofSeconds(3));
			ClientMethod method = parse(Annotated.class, settings, "plain");
			assertThat(method.defaults().getCountdown()).isEqualTo(Duration.ofSeconds(5));
			assertThat(method.defaults().getExpiresIn()).isEqualTo(Duration.ofHours(1));
			assertThat(method.defaults().getPriority()).isEqualTo(7);
			assertThat(method.timeout()).isEqualTo(Duration.ofSeconds(3));
		}

		@Test
		void annotationBeatsClientProperties() {
			ClientSettings settings = new ClientSettings();
			settings.setCountdown(Duration.ofSeconds(5));
			settings.setPriority(7);
			settings.setTimeout(Duration.ofSeconds(3));
			ClientMethod method = parse(Annotated.class, settings, "everything");
			assertThat(method.defaults().getCountdown()).isEqualTo(Duration.ofSeconds(2));
			assertThat(method.defaults().getPriority()).isEqualTo(3);
			assertThat(method.timeout()).isEqualTo(Duration.ofMillis(500));
		}

		@Test
		void methodPropertiesBeatTheAnnotation() {
			ClientSettings settings = new ClientSettings();
			ClientSettings everything = methodSettings(settings, "everything");
			everything.setCountdown(Duration.ofSeconds(9));
			everything.setExpires(Duration.ofMinutes(9));
			everything.setPriority(9);
			everything.setTimeout(Duration.ofSeconds(9));
			ClientMethod method = parse(Annotated.class, settings, "everything");
			assertThat(method.defaults().getCountdown()).isEqualTo(Duration.ofSeconds(9));
			assertThat(method.defaults().getExpiresIn()).isEqualTo(Duration.ofMinutes(9));
			assertThat(method.defaults().getPriority()).isEqualTo(9);
			assertThat(method.timeout()).isEqualTo(Duration.ofSeconds(9));
		}

		@Test
		void methodPropertyCanTurnIgnoreResultOffAgain() {
			ClientSettings settings = new ClientSettings();
			methodSettings(settings, "everything").setIgnoreResult(false);
			assertThat(parse(Annotated.class, settings, "everything").defaults().getIgnoreResult()).isFalse();
		}

		@Test
		void clientPropertyIgnoreResultAppliesToEveryMethod() {
			ClientSettings settings = new ClientSettings();
			settings.setIgnoreResult(true);
			assertThat(parse(Notifications.class, settings, "sent").defaults().getIgnoreResult()).isTrue();
			assertThat(parse(Notifications.class, settings, "notify", String.class).defaults().getIgnoreResult()).isTrue();
		}

	}

	@Nested
	class ReturnKinds {

		@CeleryClient(name = "kinds")
		interface Kinds {

			Account blocking();

			int primitive();

			void fireAndForget();

			Void boxedVoid();

			CompletableFuture<Account> future();

			CompletionStage<Account> stage();

			@SuppressWarnings("rawtypes")
			CompletableFuture rawFuture();

			AsyncResult<Account> handle();

			Signature<Account> signature();

			Mono<Account> mono();

			List<Account> list();

			Map<String, List<Long>> map();

			CompletableFuture<List<Account>> futureOfList();

			AsyncResult<Map<String, List<Long>>> handleOfMap();

			Signature<List<Account>> signatureOfList();

			Mono<List<Account>> monoOfList();

			CompletableFuture<? extends Account> wildcard();

		}

		interface Repository<T, ID> {

			T find(ID id);

			CompletableFuture<List<T>> findAll();

			Signature<Map<ID, T>> index();

		}

		@CeleryClient(name = "accountRepository")
		interface AccountRepository extends Repository<Account, String> {

		}

		void assertKind(String method, ReturnKind kind, JavaType type) {
			assertKind(Kinds.class, method, kind, type);
		}

		void assertKind(Class<?> client, String method, ReturnKind kind, JavaType type) {
			ClientMethod parsed = ClientContractTests.this.contract.parse(client, new ClientSettings())
				.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().getName().equals(method))
				.findFirst()
				.orElseThrow()
				.getValue();
			assertThat(parsed.returnKind()).as(method).isEqualTo(kind);
			assertThat(parsed.resultType()).as(method).isEqualTo(type);
		}

		JavaType type(java.lang.reflect.Type type) {
			return ClientContractTests.this.mapper.constructType(type);
		}

		JavaType listOfAccounts() {
			return ClientContractTests.this.mapper.getTypeFactory().constructCollectionType(List.class, Account.class);
		}

		JavaType mapOfLists() {
			var types = ClientContractTests.this.mapper.getTypeFactory();
			return types.constructMapType(Map.class, types.constructType(String.class),
					types.constructCollectionType(List.class, Long.class));
		}

		@Test
		void plainTypeBlocks() {
			assertKind("blocking", ReturnKind.BLOCKING, type(Account.class));
		}

		@Test
		void primitiveBlocks() {
			assertKind("primitive", ReturnKind.BLOCKING, type(int.class));
		}

		@Test
		void voidIsFireAndForget() {
			assertKind("fireAndForget", ReturnKind.FIRE_AND_FORGET, type(Void.class));
			assertKind("boxedVoid", ReturnKind.FIRE_AND_FORGET, type(Void.class));
		}

		@Test
		void completableFutureAndCompletionStageAreFutures() {
			assertKind("future", ReturnKind.FUTURE, type(Account.class));
			assertKind("stage", ReturnKind.FUTURE, type(Account.class));
		}

		@Test
		void rawFutureResultIsObject() {
			assertKind("rawFuture", ReturnKind.FUTURE, type(Object.class));
		}

		@Test
		void wildcardResultIsItsUpperBound() {
			assertKind("wildcard", ReturnKind.FUTURE, type(Account.class));
		}

		@Test
		void asyncResultIsAHandle() {
			assertKind("handle", ReturnKind.HANDLE, type(Account.class));
		}

		@Test
		void signatureBuildsWithoutSending() {
			assertKind("signature", ReturnKind.SIGNATURE, type(Account.class));
		}

		@Test
		void monoIsReactive() {
			assertKind("mono", ReturnKind.MONO, type(Account.class));
		}

		@Test
		void typeVariablesOfAGenericSuperInterfaceResolveAgainstTheClient() {
			var types = ClientContractTests.this.mapper.getTypeFactory();
			assertKind(AccountRepository.class, "find", ReturnKind.BLOCKING, type(Account.class));
			assertKind(AccountRepository.class, "findAll", ReturnKind.FUTURE, listOfAccounts());
			assertKind(AccountRepository.class, "index", ReturnKind.SIGNATURE,
					types.constructMapType(Map.class, String.class, Account.class));
		}

		@Test
		void genericResultTypesKeepTheirTypeArguments() {
			assertKind("list", ReturnKind.BLOCKING, listOfAccounts());
			assertKind("map", ReturnKind.BLOCKING, mapOfLists());
			assertKind("futureOfList", ReturnKind.FUTURE, listOfAccounts());
			assertKind("handleOfMap", ReturnKind.HANDLE, mapOfLists());
			assertKind("signatureOfList", ReturnKind.SIGNATURE, listOfAccounts());
			assertKind("monoOfList", ReturnKind.MONO, listOfAccounts());
		}

	}

	@Nested
	class Overloads {

		@CeleryClient(name = "calc")
		interface Named {

			@CeleryCall(name = "calc.add")
			int add(int x, int y);

			@CeleryCall(name = "calc.add3")
			int add(int x, int y, int z);

		}

		@CeleryClient(name = "calc")
		interface HalfNamed {

			int add(int x, int y);

			@CeleryCall(name = "calc.add3")
			int add(int x, int y, int z);

		}

		@CeleryClient(name = "calc")
		interface SameTaskDifferentReturns {

			int add(int x, int y);

			@CeleryCall(name = "calc.add")
			CompletableFuture<Integer> addLater(int x, int y);

		}

		@Test
		void overloadsWithDistinctTaskNamesAreFine() {
			assertThat(parse(Named.class, "add", int.class, int.class).taskName()).isEqualTo("calc.add");
			assertThat(parse(Named.class, "add", int.class, int.class, int.class).taskName()).isEqualTo("calc.add3");
		}

		@Test
		void oneOverloadNamedExplicitlyIsEnough() {
			assertThat(parse(HalfNamed.class, "add", int.class, int.class).taskName()).isEqualTo("calc.add");
			assertThat(parse(HalfNamed.class, "add", int.class, int.class, int.class).taskName())
				.isEqualTo("calc.add3");
		}

		@Test
		void methodsOfDifferentNamesMayCallOneTaskOnPurpose() {
			assertThat(parse(SameTaskDifferentReturns.class, "addLater", int.class, int.class).taskName())
				.isEqualTo("calc.add");
		}

	}

}
