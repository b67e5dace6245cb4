package io.celeryapi.client;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import reactor.core.publisher.Mono;

import io.celeryapi.annotation.CeleryCall;
import io.celeryapi.annotation.CeleryClient;
import io.celeryapi.annotation.CeleryTask;
import io.celeryapi.annotation.Kwarg;
import io.celeryapi.core.AsyncResult;
import io.celeryapi.core.CeleryOperations;
import io.celeryapi.core.Signature;
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

/**
 * Generic result types and record arguments decode to what the method declares, whatever
 * it returns: elements are records and {@code Long}s, not maps and {@code Integer}s.
 */
@SpringBootTest(classes = ClientGenericsIntegrationTests.Config.class)
@ExtendWith(RedisServerExtension.class)
@DirtiesContext
class ClientGenericsIntegrationTests {

	static final String QUEUE = "it.client.generics";

	static final Duration TIMEOUT = Duration.ofSeconds(20);

	static final List<Account> ACCOUNTS = List.of(new Account("ann", new BigDecimal("1.50")),
			new Account("bob", new BigDecimal("2.25")));

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		RedisServer redis = RedisServerExtension.shared();
		registry.add("celery.broker-url", () -> redis.url(0));
		registry.add("celery.worker.queues", () -> QUEUE);
	}

	@Autowired
	Generics generics;

	@Autowired
	CeleryOperations celery;

	@Autowired
	AccountRepository repository;

	@Test
	void listOfRecords() {
		List<Account> accounts = this.generics.accounts(List.of("ann", "bob"));
		assertThat(accounts).containsExactlyElementsOf(ACCOUNTS).allSatisfy((a) -> assertThat(a).isInstanceOf(Account.class));
	}

	@Test
	void mapOfListsOfLongs() {
		Map<String, List<Long>> index = this.generics.index(Map.of("a", 2, "b", 3));
		assertThat(index).containsOnlyKeys("a", "b");
		assertThat(index.get("b")).containsExactly(0L, 1L, 2L);
		assertThat(index.get("b").get(0)).isInstanceOf(Long.class);
	}

	@Test
	void nestedRecordsWithCollectionsAsArgumentAndResult() {
		Statement statement = this.generics.statement(ACCOUNTS.get(0),
				List.of(new Entry("coffee", new BigDecimal("-0.50")), new Entry("pay", new BigDecimal("10"))));
		assertThat(statement.account()).isEqualTo(ACCOUNTS.get(0));
		assertThat(statement.entries()).extracting(Entry::label).containsExactly("coffee", "pay");
		assertThat(statement.totals()).containsEntry("coffee", new BigDecimal("-0.50"));
		assertThat(statement.labels()).containsExactlyInAnyOrder("coffee", "pay");
	}

	@Test
	void optionalResult() {
		assertThat(this.generics.find("ann")).contains(ACCOUNTS.get(0));
		assertThat(this.generics.find("nobody")).isEmpty();
	}

	@Test
	void typeVariablesOfAGenericSuperInterface() {
		assertThat(this.repository.find("ann")).get().isInstanceOf(Account.class).isEqualTo(ACCOUNTS.get(0));
		assertThat(this.repository.all(List.of("bob"))).first().isInstanceOf(Account.class).isEqualTo(ACCOUNTS.get(1));
	}

	@Test
	void futureOfAnOptionalResult() throws Exception {
		assertThat(this.generics.findLater("bob").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).contains(ACCOUNTS.get(1));
		assertThat(this.generics.findLater("nobody").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEmpty();
	}

	@Test
	void futureOfAGenericType() throws Exception {
		CompletableFuture<List<Account>> future = this.generics.accountsLater(List.of("ann", "bob"));
		assertThat(future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).containsExactlyElementsOf(ACCOUNTS);
	}

	@Test
	void asyncResultOfAGenericType() {
		AsyncResult<Map<String, List<Long>>> handle = this.generics.indexHandle(Map.of("x", 1));
		Map<String, List<Long>> index = handle.get(TIMEOUT);
		assertThat(index.get("x")).containsExactly(0L);
		assertThat(index.get("x").get(0)).isInstanceOf(Long.class);
	}

	@Test
	void monoOfAGenericType() {
		assertThat(this.generics.accountsMono(List.of("ann", "bob")).block(TIMEOUT)).containsExactlyElementsOf(ACCOUNTS);
	}

	@Test
	void signatureOfAGenericTypeSentWithCeleryOperations() {
		Signature<List<Account>> signature = this.generics.accountsSignature(List.of("ann", "bob"));
		AsyncResult<List<Account>> handle = this.celery.send(signature);
		List<Account> accounts = handle.get(TIMEOUT);
		assertThat(accounts).containsExactlyElementsOf(ACCOUNTS);
		assertThat(accounts.get(0)).isInstanceOf(Account.class);
	}

	record Account(String owner, BigDecimal balance) {
	}

	record Entry(String label, BigDecimal amount) {
	}

	record Statement(Account account, List<Entry> entries, Map<String, BigDecimal> totals, Set<String> labels) {
	}

	@CeleryClient(name = "generics", queue = QUEUE)
	interface Generics {

		List<Account> accounts(List<String> owners);

		Map<String, List<Long>> index(@Kwarg("sizes") Map<String, Integer> sizes);

		Statement statement(Account account, List<Entry> entries);

		Optional<Account> find(String owner);

		@CeleryCall(name = "generics.find")
		CompletableFuture<Optional<Account>> findLater(String owner);

		@CeleryCall(name = "generics.accounts")
		CompletableFuture<List<Account>> accountsLater(List<String> owners);

		@CeleryCall(name = "generics.index")
		AsyncResult<Map<String, List<Long>>> indexHandle(@Kwarg("sizes") Map<String, Integer> sizes);

		@CeleryCall(name = "generics.accounts")
		Mono<List<Account>> accountsMono(List<String> owners);

		@CeleryCall(name = "generics.accounts")
		Signature<List<Account>> accountsSignature(List<String> owners);

	}

	interface Repository<T> {

		Optional<T> find(String owner);

		@CeleryCall(name = "generics.accounts")
		List<T> all(List<String> owners);

	}

	/** Its results decode to {@code Account}, resolved from the generic super-interface. */
	@CeleryClient(name = "generics", queue = QUEUE)
	interface AccountRepository extends Repository<Account> {

	}

	static class Tasks {

		@CeleryTask("generics.accounts")
		List<Account> accounts(List<String> owners) {
			return ACCOUNTS.stream().filter((a) -> owners.contains(a.owner())).toList();
		}

		@CeleryTask("generics.index")
		Map<String, List<Long>> index(Map<String, Integer> sizes) {
			Map<String, List<Long>> index = new LinkedHashMap<>();
			sizes.forEach((key, size) -> index.put(key, java.util.stream.LongStream.range(0, size).boxed().toList()));
			return index;
		}

		@CeleryTask("generics.statement")
		Statement statement(Account account, List<Entry> entries) {
			Map<String, BigDecimal> totals = new LinkedHashMap<>();
			entries.forEach((e) -> totals.merge(e.label(), e.amount(), BigDecimal::add));
			return new Statement(account, entries, totals, totals.keySet());
		}

		@CeleryTask("generics.find")
		Account find(String owner) {
			return ACCOUNTS.stream().filter((a) -> a.owner().equals(owner)).findFirst().orElse(null);
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
