package io.celeryapi.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.celeryapi.annotation.CeleryClient;
import io.celeryapi.annotation.CeleryTask;
import io.celeryapi.annotation.Kwarg;
import io.celeryapi.core.AsyncResult;
import io.celeryapi.core.CeleryOperations;
import io.celeryapi.core.Signature;
import io.celeryapi.core.TaskOptions;
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
 * The three ways of calling one task reach it alike: by name with
 * {@link CeleryOperations#sendTask}, as a {@link Signature} that no interface declares
 * sent with {@link CeleryOperations#send}, and through a client interface.
 */
@SpringBootTest(classes = ClientThreeWaysIntegrationTests.Config.class)
@ExtendWith(RedisServerExtension.class)
@DirtiesContext
class ClientThreeWaysIntegrationTests {

	static final String QUEUE = "it.client.threeways";

	static final Duration TIMEOUT = Duration.ofSeconds(20);

	static final Account EXPECTED = new Account("ann", 100);

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		RedisServer redis = RedisServerExtension.shared();
		registry.add("celery.broker-url", () -> redis.url(0));
		registry.add("celery.worker.queues", () -> QUEUE);
		registry.add("celery.template.default-queue", () -> QUEUE);
	}

	@Autowired
	CeleryOperations celery;

	@Autowired
	Accounts accounts;

	@Test
	void byNameWithSendTask() {
		AsyncResult<Object> result = this.celery.sendTask("accounts.open", List.of("ann"),
				Map.of("initial_cents", 100), TaskOptions.none());
		assertThat(result.get(TIMEOUT, Account.class)).isEqualTo(EXPECTED);
		assertThat(this.celery.sendTask("accounts.open", "ann", 100).get(TIMEOUT, Account.class))
			.isEqualTo(EXPECTED);
	}

	@Test
	void signatureOfATaskNoInterfaceDeclares() {
		Signature<Object> untyped = Signature.of("accounts.open", "ann").withKwarg("initial_cents", 100);
		assertThat(this.celery.send(untyped).get(TIMEOUT)).isEqualTo(Map.of("owner", "ann", "cents", 100));
		AsyncResult<Account> typed = this.celery.send(untyped.as(Account.class));
		assertThat(typed.get(TIMEOUT)).isEqualTo(EXPECTED);
		assertThat(this.celery.send(Signature.of("accounts.close", "ann").as(String.class)).get(TIMEOUT))
			.isEqualTo("closed ann");
	}

	@Test
	void throughTheInterface() {
		assertThat(this.accounts.open("ann", 100)).isEqualTo(EXPECTED);
	}

	@Test
	void allThreeAgree() {
		Account byName = this.celery.sendTask("accounts.open", "ann", 100).get(TIMEOUT, Account.class);
		Account bySignature = this.celery.send(Signature.of("accounts.open", "ann", 100).as(Account.class))
			.get(TIMEOUT);
		Account byInterface = this.accounts.open("ann", 100);
		assertThat(byName).isEqualTo(bySignature).isEqualTo(byInterface).isEqualTo(EXPECTED);
	}

	record Account(String owner, long cents) {
	}

	/** Declares {@code accounts.open} only; {@code accounts.close} is called by signature. */
	@CeleryClient(name = "accounts")
	interface Accounts {

		Account open(String owner, @Kwarg("initial_cents") long cents);

	}

	static class Tasks {

		@CeleryTask("accounts.open")
		Account open(String owner, @Kwarg(value = "initial_cents", defaultValue = "0") long initialCents) {
			return new Account(owner, initialCents);
		}

		@CeleryTask("accounts.close")
		String close(String owner) {
			return "closed " + owner;
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
