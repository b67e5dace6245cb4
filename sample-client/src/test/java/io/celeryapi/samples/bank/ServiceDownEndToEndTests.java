package io.celeryapi.samples.bank;

import io.celeryapi.test.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When no accounts service consumes the queue, the bank answers 504 once the client's
 * timeout has passed.
 */
@SpringBootTest(classes = BankApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "celery.client.accounts.queue=it.nobody.accounts", "celery.client.accounts.timeout=1s" })
@ExtendWith(RedisServerExtension.class)
@DirtiesContext
class ServiceDownEndToEndTests {

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		registry.add("celery.broker-url", () -> RedisServerExtension.shared().url(0));
	}

	@Test
	void serviceThatDoesNotAnswerIs504() {
		HttpJson.Answer answer = new HttpJson(this.port).get("/accounts/acc-1");
		assertThat(answer.status()).as(answer.toString()).isEqualTo(504);
		assertThat(answer.json().get("error").asString()).isEqualTo("ServiceTimeout");
	}

}
