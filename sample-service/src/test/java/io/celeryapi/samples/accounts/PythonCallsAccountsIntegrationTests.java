package io.celeryapi.samples.accounts;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.celeryapi.test.PythonCelery;
import io.celeryapi.test.RedisServer;
import io.celeryapi.test.RedisServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Python Celery client calls the running accounts service by task name, with keyword
 * arguments, on the queue of the service's own {@code application.yml}, and gets its
 * results and its domain errors as Python exceptions of the same names.
 */
@SpringBootTest(classes = AccountsServiceApplication.class)
@ExtendWith(RedisServerExtension.class)
@DirtiesContext
class PythonCallsAccountsIntegrationTests {

	private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(60);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		RedisServer redis = RedisServerExtension.shared();
		registry.add("celery.broker-url", () -> redis.url(0));
		registry.add("celery.result-backend", () -> redis.url(1));
	}

	@BeforeAll
	static void requirePython() {
		PythonCelery.assumeAvailable();
	}

	@Test
	void openWithKeywordArguments() {
		JsonNode account = success(call("accounts.open", Map.of("owner", "ann", "initial_cents", 500)));
		assertThat(account.propertyNames()).containsExactly("id", "owner", "balance_cents");
		assertThat(account.get("id").asString()).startsWith("acc-");
		assertThat(account.get("owner").asString()).isEqualTo("ann");
		assertThat(account.get("balance_cents").asLong()).isEqualTo(500);
	}

	@Test
	void openWithoutInitialCentsStartsAtZero() {
		JsonNode account = success(call("accounts.open", Map.of("owner", "bob")));
		assertThat(account.get("balance_cents").asLong()).isZero();
	}

	@Test
	void openWithPositionalArguments() {
		JsonNode account = success(run(Map.of("task", "accounts.open", "args", List.of("cid", 70))));
		assertThat(account.get("owner").asString()).isEqualTo("cid");
		assertThat(account.get("balance_cents").asLong()).isEqualTo(70);
	}

	@Test
	void getAndFind() {
		String id = open("dora", 10);
		assertThat(success(call("accounts.get", Map.of("account_id", id))).get("owner").asString()).isEqualTo("dora");
		JsonNode found = success(call("accounts.find", Map.of("owner", "dora")));
		assertThat(found.isArray()).isTrue();
		assertThat(found).hasSize(1);
		assertThat(found.get(0).get("id").asString()).isEqualTo(id);
	}

	@Test
	void getOfAnUnknownAccountFailsWithAccountNotFound() {
		JsonNode failure = call("accounts.get", Map.of("account_id", "acc-404"));
		assertFailure(failure, "AccountNotFound", "No account acc-404");
	}

	@Test
	void depositAndInvalidAmount() {
		String id = open("eve", 100);
		assertThat(success(call("accounts.deposit", Map.of("account_id", id, "amount_cents", 50)))
			.get("balance_cents")
			.asLong()).isEqualTo(150);
		assertFailure(call("accounts.deposit", Map.of("account_id", id, "amount_cents", 0)), "InvalidAmount",
				"Amount must be more than 0 cents, got 0");
	}

	@Test
	void transferAndItsErrors() {
		String from = open("fay", 300);
		String to = open("gus", 0);
		JsonNode transfer = success(
				call("accounts.transfer", Map.of("from_id", from, "to_id", to, "amount_cents", 100)));
		assertThat(transfer.propertyNames()).containsExactly("from", "to");
		assertThat(transfer.get("from").get("balance_cents").asLong()).isEqualTo(200);
		assertThat(transfer.get("to").get("balance_cents").asLong()).isEqualTo(100);

		assertFailure(call("accounts.transfer", Map.of("from_id", from, "to_id", to, "amount_cents", 201)),
				"InsufficientFunds", "Account " + from + " has 200 cents, cannot transfer 201");
		assertFailure(call("accounts.transfer", Map.of("from_id", from, "to_id", to, "amount_cents", -1)),
				"InvalidAmount", "Amount must be more than 0 cents, got -1");
		assertFailure(call("accounts.transfer", Map.of("from_id", from, "to_id", "acc-404", "amount_cents", 1)),
				"AccountNotFound", "No account acc-404");
		assertThat(success(call("accounts.get", Map.of("account_id", from))).get("balance_cents").asLong())
			.isEqualTo(200);
	}

	private String open(String owner, long initialCents) {
		return success(call("accounts.open", Map.of("owner", owner, "initial_cents", initialCents))).get("id")
			.asString();
	}

	private static JsonNode call(String task, Map<String, Object> kwargs) {
		return run(Map.of("task", task, "kwargs", kwargs));
	}

	private static JsonNode run(Map<String, Object> request) {
		Map<String, Object> full = new LinkedHashMap<>(request);
		full.put("options", Map.of("queue", "accounts"));
		full.put("timeout", 20);
		RedisServer redis = RedisServerExtension.shared();
		String out = PythonCelery.call(redis.url(0), redis.url(1), JSON.writeValueAsString(full), PROCESS_TIMEOUT)
			.stdoutOrFail();
		return JSON.readTree(out);
	}

	private static JsonNode success(JsonNode outcome) {
		assertThat(outcome.get("status").asString()).as(outcome.toString()).isEqualTo("SUCCESS");
		return outcome.get("result");
	}

	private static void assertFailure(JsonNode outcome, String excClass, String message) {
		assertThat(outcome.get("status").asString()).as(outcome.toString()).isEqualTo("FAILURE");
		assertThat(outcome.get("exc_class").asString()).isEqualTo(excClass);
		assertThat(outcome.get("message").asString()).isEqualTo(message);
	}

}
