package io.celeryapi.samples.bank;

import io.celeryapi.samples.accounts.AccountsServiceApplication;
import io.celeryapi.test.RedisServer;
import io.celeryapi.test.RedisServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both samples over a real Redis: the accounts service application runs as a worker, the
 * bank as a web server, and real HTTP requests go through the bank's
 * {@link AccountsClient} to the service and back, errors included.
 */
@SpringBootTest(classes = BankApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(RedisServerExtension.class)
@DirtiesContext
class BankEndToEndTests {

	private static final String QUEUE = "it.e2e.accounts";

	private static ConfigurableApplicationContext service;

	@LocalServerPort
	private int port;

	private HttpJson http;

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		registry.add("celery.broker-url", () -> RedisServerExtension.shared().url(0));
		registry.add("celery.client.accounts.queue", () -> QUEUE);
	}

	@BeforeAll
	static void startAccountsService(RedisServer redis) {
		service = new SpringApplicationBuilder(AccountsServiceApplication.class).web(WebApplicationType.NONE)
			.run("--celery.broker-url=" + redis.url(0), "--celery.worker.queues=" + QUEUE,
					"--spring.main.banner-mode=off");
	}

	@AfterAll
	static void stopAccountsService() {
		if (service != null) {
			service.close();
		}
	}

	@BeforeEach
	void http() {
		this.http = new HttpJson(this.port);
	}

	@Test
	void openGetFindDepositAndTransfer() {
		HttpJson.Answer opened = this.http.post("/accounts", "{\"owner\":\"ann\",\"initial_cents\":5000}");
		assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
		JsonNode ann = opened.json();
		assertThat(ann.propertyNames()).containsExactly("id", "owner", "balance_cents");
		assertThat(ann.get("owner").asString()).isEqualTo("ann");
		assertThat(ann.get("balance_cents").asLong()).isEqualTo(5000);
		String annId = ann.get("id").asString();
		assertThat(opened.location()).isEqualTo("/accounts/" + annId);

		HttpJson.Answer bob = this.http.post("/accounts", "{\"owner\":\"bob\"}");
		assertThat(bob.status()).as(bob.toString()).isEqualTo(201);
		assertThat(bob.json().get("balance_cents").asLong()).isZero();
		String bobId = bob.json().get("id").asString();

		HttpJson.Answer got = this.http.get("/accounts/" + annId);
		assertThat(got.status()).isEqualTo(200);
		assertThat(got.json()).isEqualTo(ann);

		HttpJson.Answer found = this.http.get("/accounts?owner=ann");
		assertThat(found.status()).isEqualTo(200);
		assertThat(found.json().isArray()).isTrue();
		assertThat(found.json().values()).containsExactly(ann);
		assertThat(this.http.get("/accounts?owner=nobody").json().isEmpty()).isTrue();

		HttpJson.Answer deposited = this.http.post("/accounts/" + annId + "/deposits", "{\"amount_cents\":250}");
		assertThat(deposited.status()).as(deposited.toString()).isEqualTo(200);
		assertThat(deposited.json().get("balance_cents").asLong()).isEqualTo(5250);

		HttpJson.Answer transferred = this.http.post("/transfers",
				"{\"from_id\":\"" + annId + "\",\"to_id\":\"" + bobId + "\",\"amount_cents\":1000}");
		assertThat(transferred.status()).as(transferred.toString()).isEqualTo(200);
		assertThat(transferred.json().propertyNames()).containsExactly("from", "to");
		assertThat(transferred.json().get("from").get("balance_cents").asLong()).isEqualTo(4250);
		assertThat(transferred.json().get("to").get("id").asString()).isEqualTo(bobId);
		assertThat(transferred.json().get("to").get("balance_cents").asLong()).isEqualTo(1000);
		assertThat(this.http.get("/accounts/" + bobId).json().get("balance_cents").asLong()).isEqualTo(1000);
	}

	@Test
	void unknownAccountIs404() {
		assertError(this.http.get("/accounts/acc-missing"), 404, "AccountNotFound", "No account acc-missing");
		assertError(this.http.post("/accounts/acc-missing/deposits", "{\"amount_cents\":1}"), 404,
				"AccountNotFound", "No account acc-missing");
		String id = open("carl", 10);
		assertError(this.http.post("/transfers", transfer(id, "acc-missing", 1)), 404, "AccountNotFound",
				"No account acc-missing");
	}

	@Test
	void invalidAmountIs422() {
		String id = open("dora", 10);
		assertError(this.http.post("/accounts/" + id + "/deposits", "{\"amount_cents\":0}"), 422, "InvalidAmount",
				"Amount must be more than 0 cents, got 0");
		assertError(this.http.post("/transfers", transfer(id, id, -5)), 422, "InvalidAmount",
				"Amount must be more than 0 cents, got -5");
		assertError(this.http.post("/accounts", "{\"owner\":\"dora\",\"initial_cents\":-1}"), 422, "InvalidAmount",
				"Initial deposit must not be negative, got -1");
	}

	@Test
	void transferWithoutTheMoneyIs409AndChangesNothing() {
		String from = open("emil", 300);
		String to = open("fay", 5);
		assertError(this.http.post("/transfers", transfer(from, to, 301)), 409, "InsufficientFunds",
				"Account " + from + " has 300 cents, cannot transfer 301");
		assertThat(this.http.get("/accounts/" + from).json().get("balance_cents").asLong()).isEqualTo(300);
		assertThat(this.http.get("/accounts/" + to).json().get("balance_cents").asLong()).isEqualTo(5);
	}

	@Test
	void incompleteRequestIs400() {
		assertError(this.http.post("/accounts", "{\"initial_cents\":5}"), 400, "BadRequest", "owner is required");
		assertError(this.http.post("/transfers", "{\"from_id\":\"acc-1\",\"amount_cents\":5}"), 400, "BadRequest",
				"to_id is required");
	}

	private String open(String owner, long initialCents) {
		HttpJson.Answer answer = this.http.post("/accounts",
				"{\"owner\":\"" + owner + "\",\"initial_cents\":" + initialCents + "}");
		assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
		return answer.json().get("id").asString();
	}

	private static String transfer(String from, String to, long amountCents) {
		return "{\"from_id\":\"" + from + "\",\"to_id\":\"" + to + "\",\"amount_cents\":" + amountCents + "}";
	}

	static void assertError(HttpJson.Answer answer, int status, String error, String message) {
		assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
		assertThat(answer.json().propertyNames()).containsExactly("error", "message");
		assertThat(answer.json().get("error").asString()).isEqualTo(error);
		assertThat(answer.json().get("message").asString()).isEqualTo(message);
	}

}
