package io.celeryapi.actuate;

import tools.jackson.databind.JsonNode;

import io.celeryapi.annotation.CeleryCall;
import io.celeryapi.annotation.CeleryClient;
import io.celeryapi.annotation.CeleryTask;
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
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code celery} health contributor over HTTP: up with the broker, the worker and the
 * client queues in its details; a client queue no live worker consumes is reported but
 * does not make the application down by default.
 */
@SpringBootTest(classes = HealthIndicatorIntegrationTests.Config.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=tasks,queues,health,metrics",
				"management.endpoint.health.show-details=always", "celery.client.verify=off" })
@ExtendWith(RedisServerExtension.class)
@DirtiesContext
class HealthIndicatorIntegrationTests {

	static final String QUEUE = "it.actuate.health";

	static final String UNCONSUMED = "it.actuate.health.nobody";

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		RedisServer redis = RedisServerExtension.shared();
		registry.add("celery.broker-url", () -> redis.url(0));
		registry.add("celery.result-backend", () -> redis.url(1));
		registry.add("celery.worker.queues", () -> QUEUE);
		registry.add("celery.worker.hostname", () -> "it-actuate-health@%h");
	}

	@LocalServerPort
	int port;

	@Test
	void upWithBrokerWorkerAndClientQueueDetails() {
		ActuatorClient.Response response = new ActuatorClient(this.port).get("/health");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		JsonNode celery = response.json().path("components").path("celery");
		assertThat(celery.path("status").asString()).isEqualTo("UP");
		JsonNode details = celery.path("details");
		assertThat(details.path("broker").asString())
			.isEqualTo(RedisServerExtension.shared().url(0));
		assertThat(details.path("ping").asString()).isEqualTo("PONG");
		assertThat(details.path("worker").path("running").asBoolean()).isTrue();
		assertThat(details.path("worker").path("hostname").asString()).startsWith("it-actuate-health@");
		assertThat(details.path("worker").path("queues").path(0).asString()).isEqualTo(QUEUE);
		JsonNode consumed = details.path("clientQueues").path(QUEUE);
		assertThat(consumed.path("consumed").asBoolean()).isTrue();
		assertThat(consumed.path("consumers").toString()).contains("it-actuate-health@");
		JsonNode unconsumed = details.path("clientQueues").path(UNCONSUMED);
		assertThat(unconsumed.path("consumed").isBoolean()).isTrue();
		assertThat(unconsumed.path("consumed").asBoolean()).isFalse();
		assertThat(unconsumed.path("consumers")).isEmpty();
		assertThat(unconsumed.path("tasks").path(0).asString()).isEqualTo("it.actuate.health.elsewhere");
	}

	@Test
	void celeryComponentBySelector() {
		JsonNode celery = new ActuatorClient(this.port).json("/health/celery");
		assertThat(celery.path("status").asString()).isEqualTo("UP");
	}

	@CeleryClient(name = "itActuateHealth", queue = QUEUE)
	interface Calls {

		@CeleryCall(name = "it.actuate.health.here")
		int here(int x);

		@CeleryCall(name = "it.actuate.health.elsewhere", queue = UNCONSUMED)
		void elsewhere(int x);

	}

	static class Tasks {

		@CeleryTask("it.actuate.health.here")
		int here(int x) {
			return x;
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableCeleryClients(clients = Calls.class)
	static class Config {

		@Bean
		Tasks tasks() {
			return new Tasks();
		}

	}

}
