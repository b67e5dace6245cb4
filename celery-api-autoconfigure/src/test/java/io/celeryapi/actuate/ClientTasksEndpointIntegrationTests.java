package io.celeryapi.actuate;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

import io.celeryapi.annotation.CeleryCall;
import io.celeryapi.annotation.CeleryClient;
import io.celeryapi.annotation.CeleryTask;
import io.celeryapi.annotation.EnableCeleryClients;
import io.celeryapi.test.RedisServer;
import io.celeryapi.test.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
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
 * {@code /actuator/tasks} over HTTP lists the tasks this application's clients call, with
 * their queue and whether a live worker serves them.
 */
@SpringBootTest(classes = ClientTasksEndpointIntegrationTests.Config.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=tasks,queues,health,metrics",
				"management.endpoint.health.show-details=always", "celery.client.verify=off" })
@ExtendWith(RedisServerExtension.class)
@DirtiesContext
class ClientTasksEndpointIntegrationTests {

	static final String QUEUE = "it.actuate.clienttasks";

	static final String UNCONSUMED = "it.actuate.clienttasks.nobody";

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		RedisServer redis = RedisServerExtension.shared();
		registry.add("celery.broker-url", () -> redis.url(0));
		registry.add("celery.result-backend", () -> redis.url(1));
		registry.add("celery.worker.queues", () -> QUEUE);
		registry.add("celery.template.default-queue", () -> QUEUE);
	}

	@LocalServerPort
	int port;

	@Autowired
	Calls calls;

	@Test
	void clientTasksShowTheirQueueAndWhetherALiveWorkerServesThem() {
		assertThat(this.calls.served(20)).isEqualTo(21);
		JsonNode clientTasks = new ActuatorClient(this.port).json("/tasks").path("clientTasks");
		assertThat(clientTasks).hasSize(2);
		JsonNode served = find(clientTasks, "it.actuate.clienttasks.served");
		assertThat(served.path("client").asString()).isEqualTo("itActuateClientTasks");
		assertThat(served.path("type").asString()).isEqualTo(Calls.class.getName());
		assertThat(served.path("method").asString()).isEqualTo("served");
		assertThat(served.path("queue").asString()).isEqualTo(QUEUE);
		assertThat(served.path("served").asBoolean()).isTrue();
		assertThat(served.path("workers")).isNotEmpty();
		JsonNode unserved = find(clientTasks, "it.actuate.clienttasks.unserved");
		assertThat(unserved.path("queue").asString()).isEqualTo(UNCONSUMED);
		assertThat(unserved.path("served").isBoolean()).isTrue();
		assertThat(unserved.path("served").asBoolean()).isFalse();
		assertThat(unserved.path("workers")).isEmpty();
	}

	@Test
	void aTaskOnlyClientsCallIsFoundBySelector() {
		JsonNode unserved = new ActuatorClient(this.port).json("/tasks/it.actuate.clienttasks.unserved");
		assertThat(unserved.path("task").asString()).isEqualTo("it.actuate.clienttasks.unserved");
		assertThat(unserved.path("clientTasks")).hasSize(1);
		assertThat(unserved.path("clientTasks").path(0).path("served").asBoolean()).isFalse();
	}

	@Test
	void theServedTaskIsAlsoRegisteredHere() {
		JsonNode tasks = new ActuatorClient(this.port).json("/tasks").path("tasks");
		assertThat(tasks.has("it.actuate.clienttasks.served")).isTrue();
	}

	static JsonNode find(JsonNode clientTasks, String task) {
		List<JsonNode> found = new ArrayList<>();
		clientTasks.forEach((node) -> {
			if (task.equals(node.path("task").asString())) {
				found.add(node);
			}
		});
		assertThat(found).as("client task %s in %s", task, clientTasks).hasSize(1);
		return found.get(0);
	}

	@CeleryClient(name = "itActuateClientTasks", queue = QUEUE)
	interface Calls {

		@CeleryCall(name = "it.actuate.clienttasks.served")
		int served(int x);

		@CeleryCall(name = "it.actuate.clienttasks.unserved", queue = UNCONSUMED)
		void unserved(int x);

	}

	static class Tasks {

		@CeleryTask("it.actuate.clienttasks.served")
		int served(int x) {
			return x + 1;
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
