package io.celeryapi.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

import io.celeryapi.annotation.CeleryCall;
import io.celeryapi.annotation.CeleryClient;
import io.celeryapi.annotation.CeleryTask;
import io.celeryapi.annotation.EnableCeleryClients;
import io.celeryapi.core.CeleryOperations;
import io.celeryapi.core.CeleryRemoteException;
import io.celeryapi.test.RedisServer;
import io.celeryapi.test.RedisServerExtension;
import org.junit.jupiter.api.BeforeAll;
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
 * Worker and queue metrics, read over HTTP from {@code /actuator/metrics}.
 */
@SpringBootTest(classes = MetricsIntegrationTests.Config.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=tasks,queues,health,metrics",
				"management.endpoint.health.show-details=always", "celery.client.verify=off" })
@ExtendWith(RedisServerExtension.class)
@DirtiesContext
class MetricsIntegrationTests {

	static final String QUEUE = "it.actuate.metrics";

	static final String UNCONSUMED = "it.actuate.metrics.nobody";

	static final Duration TIMEOUT = Duration.ofSeconds(15);

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		RedisServer redis = RedisServerExtension.shared();
		registry.add("celery.broker-url", () -> redis.url(0));
		registry.add("celery.result-backend", () -> redis.url(1));
		registry.add("celery.worker.queues", () -> QUEUE);
		registry.add("celery.template.default-queue", () -> QUEUE);
		registry.add("celery.worker.dead-letter-key", () -> "it.actuate.metrics.dead-letter");
	}

	@BeforeAll
	static void clean() {
		RedisServerExtension.shared().command("DEL", UNCONSUMED, "it.actuate.metrics.dead-letter");
	}

	@LocalServerPort
	int port;

	@Autowired
	CeleryOperations celery;

	@Autowired
	Sender sender;

	@Autowired
	Calculator calculator;

	@Test
	void taskExecutionTimerByTaskAndOutcome() {
		assertThat(this.celery.sendTask("it.actuate.metrics.square", 7).get(TIMEOUT)).isEqualTo(49);
		assertThatExceptionOfType(CeleryRemoteException.class)
			.isThrownBy(() -> this.celery.sendTask("it.actuate.metrics.square", -1).get(TIMEOUT));
		ActuatorClient actuator = new ActuatorClient(this.port);
		await().atMost(TIMEOUT).untilAsserted(() -> {
			JsonNode success = actuator
				.json("/metrics/celery.task.execution?tag=task:it.actuate.metrics.square&tag=outcome:success");
			assertThat(measurement(success, "COUNT")).isEqualTo(1.0);
			assertThat(measurement(success, "TOTAL_TIME")).isGreaterThan(0.0);
			JsonNode failure = actuator
				.json("/metrics/celery.task.execution?tag=task:it.actuate.metrics.square&tag=outcome:failure");
			assertThat(measurement(failure, "COUNT")).isEqualTo(1.0);
		});
		JsonNode timer = actuator.json("/metrics/celery.task.execution");
		assertThat(tagValues(timer, "outcome")).contains("success", "failure");
		assertThat(tagValues(timer, "task")).contains("it.actuate.metrics.square");
		JsonNode received = actuator.json("/metrics/celery.messages.received?tag=task:it.actuate.metrics.square");
		assertThat(measurement(received, "COUNT")).isEqualTo(2.0);
	}

	@Test
	void inFlightGauge() {
		JsonNode inFlight = new ActuatorClient(this.port).json("/metrics/celery.tasks.in_flight");
		assertThat(measurement(inFlight, "VALUE")).isZero();
	}

	@Test
	void queueDepthGaugeOfAQueueNoOneConsumes() {
		this.sender.send(1);
		this.sender.send(2);
		ActuatorClient actuator = new ActuatorClient(this.port);
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(
				measurement(actuator.json("/metrics/celery.queue.depth?tag=queue:" + UNCONSUMED), "VALUE"))
			.isEqualTo(2.0));
		assertThat(tagValues(actuator.json("/metrics/celery.queue.depth"), "queue")).contains(QUEUE, UNCONSUMED);
	}

	@Test
	void rejectedMessagesAreCountedAsDeadLettered() {
		RedisServerExtension.shared().command("LPUSH", QUEUE, "{\"not\": \"a task\"}");
		ActuatorClient actuator = new ActuatorClient(this.port);
		await().atMost(TIMEOUT).untilAsserted(() -> {
			assertThat(measurement(actuator.json("/metrics/celery.messages.rejected"), "COUNT")).isEqualTo(1.0);
			assertThat(measurement(actuator.json("/metrics/celery.messages.dead_lettered"), "COUNT"))
				.isEqualTo(1.0);
		});
	}

	static double measurement(JsonNode metric, String statistic) {
		for (JsonNode measurement : metric.path("measurements")) {
			if (statistic.equals(measurement.path("statistic").asString())) {
				return measurement.path("value").asDouble();
			}
		}
		throw new AssertionError("No " + statistic + " in " + metric);
	}

	static List<String> tagValues(JsonNode metric, String tag) {
		List<String> values = new ArrayList<>();
		for (JsonNode available : metric.path("availableTags")) {
			if (tag.equals(available.path("tag").asString())) {
				available.path("values").forEach((value) -> values.add(value.asString()));
			}
		}
		return values;
	}

	@Test
	void clientCallTimerByTaskAndOutcome() {
		assertThat(this.calculator.cube(3)).isEqualTo(27);
		assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> this.calculator.cube(-3));
		ActuatorClient actuator = new ActuatorClient(this.port);
		await().atMost(TIMEOUT).untilAsserted(() -> {
			assertThat(measurement(
					actuator.json("/metrics/celery.client.calls?tag=task:it.actuate.metrics.cube&tag=outcome:success"),
					"COUNT"))
				.isEqualTo(1.0);
			assertThat(measurement(
					actuator.json("/metrics/celery.client.calls?tag=task:it.actuate.metrics.cube&tag=outcome:failure"),
					"COUNT"))
				.isEqualTo(1.0);
		});
	}

	@CeleryClient(name = "itActuateMetrics", queue = UNCONSUMED)
	interface Sender {

		@CeleryCall(name = "it.actuate.metrics.elsewhere")
		void send(int x);

	}

	@CeleryClient(name = "itActuateMetricsCalculator", queue = QUEUE)
	interface Calculator {

		@CeleryCall(name = "it.actuate.metrics.cube")
		int cube(int x);

	}

	static class Tasks {

		@CeleryTask("it.actuate.metrics.square")
		int square(int x) {
			if (x < 0) {
				throw new IllegalArgumentException("negative");
			}
			return x * x;
		}

		@CeleryTask("it.actuate.metrics.cube")
		int cube(int x) {
			if (x < 0) {
				throw new IllegalArgumentException("negative");
			}
			return x * x * x;
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableCeleryClients(clients = { Sender.class, Calculator.class })
	static class Config {

		@Bean
		Tasks tasks() {
			return new Tasks();
		}

	}

}
