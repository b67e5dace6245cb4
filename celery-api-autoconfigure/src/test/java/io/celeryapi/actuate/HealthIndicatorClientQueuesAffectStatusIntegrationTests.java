package io.celeryapi.actuate;

import tools.jackson.databind.JsonNode;

import io.celeryapi.annotation.CeleryCall;
import io.celeryapi.annotation.CeleryClient;
import io.celeryapi.annotation.EnableCeleryClients;
import io.celeryapi.test.RedisServer;
import io.celeryapi.test.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code celery.health.client-queues-affect-status=true}, a client-only application
 * whose queue no live worker consumes is down.
 */
@SpringBootTest(classes = HealthIndicatorClientQueuesAffectStatusIntegrationTests.Config.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=tasks,queues,health,metrics",
				"management.endpoint.health.show-details=always", "celery.client.verify=off",
				"celery.health.client-queues-affect-status=true" })
@ExtendWith(RedisServerExtension.class)
@DirtiesContext
class HealthIndicatorClientQueuesAffectStatusIntegrationTests {

	static final String UNCONSUMED = "it.actuate.healthdown.nobody";

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		RedisServer redis = RedisServerExtension.shared();
		registry.add("celery.broker-url", () -> redis.url(0));
		registry.add("celery.result-backend", () -> redis.url(1));
	}

	@LocalServerPort
	int port;

	@Test
	void downWhenAClientQueueHasNoConsumer() {
		ActuatorClient.Response response = new ActuatorClient(this.port).get("/health");
		assertThat(response.status()).as(response.body()).isEqualTo(503);
		JsonNode celery = response.json().path("components").path("celery");
		assertThat(celery.path("status").asString()).isEqualTo("DOWN");
		JsonNode details = celery.path("details");
		assertThat(details.path("ping").asString()).isEqualTo("PONG");
		assertThat(details.has("worker")).as("a client-only application has no worker to report").isFalse();
		assertThat(details.path("clientQueues").path(UNCONSUMED).path("consumed").asBoolean()).isFalse();
	}

	@CeleryClient(name = "itActuateHealthDown", queue = UNCONSUMED)
	interface Calls {

		@CeleryCall(name = "it.actuate.healthdown.task")
		void call(int x);

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableCeleryClients(clients = Calls.class)
	static class Config {

	}

}
