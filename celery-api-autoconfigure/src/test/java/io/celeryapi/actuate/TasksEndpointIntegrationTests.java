package io.celeryapi.actuate;

import java.time.Duration;
import java.util.List;

import tools.jackson.databind.JsonNode;

import io.celeryapi.annotation.CeleryTask;
import io.celeryapi.annotation.EnableCeleryClients;
import io.celeryapi.annotation.Kwarg;
import io.celeryapi.core.CeleryOperations;
import io.celeryapi.core.CeleryRemoteException;
import io.celeryapi.core.TaskContext;
import io.celeryapi.test.RedisServer;
import io.celeryapi.test.RedisServerExtension;
import org.junit.jupiter.api.BeforeEach;
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
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@code /actuator/tasks} over HTTP lists the registered tasks with their parameters,
 * settings and live counts.
 */
@SpringBootTest(classes = TasksEndpointIntegrationTests.Config.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=tasks,queues,health,metrics",
				"management.endpoint.health.show-details=always" })
@ExtendWith(RedisServerExtension.class)
@DirtiesContext
class TasksEndpointIntegrationTests {

	static final String QUEUE = "it.actuate.tasks";

	static final Duration TIMEOUT = Duration.ofSeconds(10);

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
	CeleryOperations celery;

	ActuatorClient actuator;

	@BeforeEach
	void client() {
		this.actuator = new ActuatorClient(this.port);
	}

	@Test
	void listsRegisteredTasksWithParametersAndSettings() {
		JsonNode tasks = this.actuator.json("/tasks").path("tasks");
		assertThat(names(tasks)).containsExactly("it.actuate.tasks.add", "it.actuate.tasks.context",
				"it.actuate.tasks.fail");
		JsonNode add = tasks.path("it.actuate.tasks.add");
		assertThat(add.path("name").asString()).isEqualTo("it.actuate.tasks.add");
		assertThat(add.path("bean").asString()).isEqualTo(Tasks.class.getName());
		assertThat(add.path("method").asString()).isEqualTo("add");
		assertThat(add.path("parameters").path(0).path("name").asString()).isEqualTo("x");
		assertThat(add.path("parameters").path(0).path("type").asString()).isEqualTo("int");
		assertThat(add.path("parameters").path(1).path("name").asString()).isEqualTo("amount");
		assertThat(add.path("parameters").path(1).path("type").asString()).isEqualTo("java.util.List<java.lang.Long>");
		assertThat(add.path("returnType").asString()).isEqualTo("long");
		assertThat(add.path("queues").path(0).asString()).isEqualTo(QUEUE);
		assertThat(add.path("acksLate").asBoolean()).isTrue();
		assertThat(add.path("ignoreResult").asBoolean()).isFalse();
		assertThat(add.path("rateLimit").path("rate").asString()).isEqualTo("100/s");
		assertThat(add.path("rateLimit").path("global").asBoolean()).isFalse();
		assertThat(add.path("timeLimits").path("soft").asDouble()).isEqualTo(20.0);
		assertThat(add.path("timeLimits").path("hard").asDouble()).isEqualTo(30.0);
		JsonNode retryPolicy = add.path("retryPolicy");
		assertThat(retryPolicy.path("autoretryFor").path(0).asString()).isEqualTo("java.io.IOException");
		assertThat(retryPolicy.path("maxRetries").asInt()).isEqualTo(5);
		assertThat(retryPolicy.path("defaultRetryDelay").asDouble()).isEqualTo(180.0);
		assertThat(retryPolicy.path("backoff").asDouble()).isEqualTo(2.0);
		JsonNode context = tasks.path("it.actuate.tasks.context");
		assertThat(context.path("parameters")).hasSize(1);
		assertThat(context.path("parameters").path(0).path("name").asString()).isEqualTo("label");
		assertThat(context.path("acksLate").asBoolean()).isFalse();
		assertThat(context.path("rateLimit").asString()).isEqualTo("none");
		assertThat(context.path("timeLimits").asString()).isEqualTo("none");
		assertThat(context.path("retryPolicy").path("autoretryFor")).isEmpty();
		assertThat(context.path("retryPolicy").path("maxRetries").asInt()).isEqualTo(3);
		assertThat(this.actuator.json("/tasks").path("clientTasks")).isEmpty();
	}

	@Test
	void countsFollowTheCalls() {
		assertThat(this.celery.sendTask("it.actuate.tasks.add", 2, List.of(3L, 4L)).get(TIMEOUT)).isEqualTo(9);
		assertThat(this.celery.sendTask("it.actuate.tasks.add", 1, List.of()).get(TIMEOUT)).isEqualTo(1);
		assertThatExceptionOfType(CeleryRemoteException.class)
			.isThrownBy(() -> this.celery.sendTask("it.actuate.tasks.fail").get(TIMEOUT));
		await().atMost(TIMEOUT).untilAsserted(() -> {
			JsonNode add = this.actuator.json("/tasks/it.actuate.tasks.add").path("counts");
			assertThat(add.path("received").asLong()).isEqualTo(2);
			assertThat(add.path("succeeded").asLong()).isEqualTo(2);
			assertThat(add.path("failed").asLong()).isZero();
			assertThat(add.path("running").asLong()).isZero();
			JsonNode fail = this.actuator.json("/tasks/it.actuate.tasks.fail").path("counts");
			assertThat(fail.path("received").asLong()).isEqualTo(1);
			assertThat(fail.path("failed").asLong()).isEqualTo(1);
			assertThat(fail.path("succeeded").asLong()).isZero();
		});
	}

	@Test
	void oneTaskBySelector() {
		JsonNode add = this.actuator.json("/tasks/it.actuate.tasks.add");
		assertThat(add.path("name").asString()).isEqualTo("it.actuate.tasks.add");
		assertThat(add.path("parameters").path(0).path("name").asString()).isEqualTo("x");
		assertThat(add.has("counts")).isTrue();
	}

	@Test
	void unknownTaskIsNotFound() {
		assertThat(this.actuator.get("/tasks/it.actuate.tasks.nobody").status()).isEqualTo(404);
	}

	static List<String> names(JsonNode object) {
		List<String> names = new java.util.ArrayList<>();
		object.propertyNames().forEach(names::add);
		return names;
	}

	static class Tasks {

		@CeleryTask(name = "it.actuate.tasks.add", acksLate = CeleryTask.AcksLate.TRUE, rateLimit = "100/s",
				softTimeLimit = 20, timeLimit = 30, autoretryFor = java.io.IOException.class, maxRetries = 5,
				retryBackoff = 2)
		long add(int x, @Kwarg("amount") List<Long> values) {
			return x + values.stream().mapToLong(Long::longValue).sum();
		}

		@CeleryTask("it.actuate.tasks.context")
		String context(TaskContext context, String label) {
			return label + context.id();
		}

		@CeleryTask("it.actuate.tasks.fail")
		void fail() {
			throw new IllegalStateException("failed on purpose");
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableCeleryClients(basePackages = "io.celeryapi.actuate.none")
	static class Config {

		@Bean
		Tasks tasks() {
			return new Tasks();
		}

	}

}
