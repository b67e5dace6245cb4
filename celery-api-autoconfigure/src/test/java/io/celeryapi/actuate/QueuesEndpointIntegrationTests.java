package io.celeryapi.actuate;

import java.time.Duration;

import tools.jackson.databind.JsonNode;

import io.celeryapi.annotation.CeleryCall;
import io.celeryapi.annotation.CeleryClient;
import io.celeryapi.annotation.CeleryTask;
import io.celeryapi.annotation.EnableCeleryClients;
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
import static org.awaitility.Awaitility.await;

/**
 * {@code /actuator/queues} over HTTP shows the consumed queues and the queues clients
 * send to, with ready, unacknowledged and dead-lettered counts read from Redis.
 */
@SpringBootTest(classes = QueuesEndpointIntegrationTests.Config.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=tasks,queues,health,metrics",
				"management.endpoint.health.show-details=always", "celery.client.verify=off" })
@ExtendWith(RedisServerExtension.class)
@DirtiesContext
class QueuesEndpointIntegrationTests {

	static final String QUEUE = "it.actuate.queues";

	static final String UNCONSUMED = "it.actuate.queues.nobody";

	static final String DEAD_LETTERS = "it.actuate.queues.dead-letter";

	static final String SEP = "\u0006\u0016";

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		RedisServer redis = RedisServerExtension.shared();
		registry.add("celery.broker-url", () -> redis.url(0));
		registry.add("celery.result-backend", () -> redis.url(1));
		registry.add("celery.worker.queues", () -> QUEUE);
		registry.add("celery.template.default-queue", () -> QUEUE);
		registry.add("celery.worker.dead-letter-key", () -> DEAD_LETTERS);
	}

	@BeforeAll
	static void clean() {
		RedisServer redis = RedisServerExtension.shared();
		redis.command("DEL", UNCONSUMED, UNCONSUMED + SEP + "3", UNCONSUMED + SEP + "6", UNCONSUMED + SEP + "9",
				DEAD_LETTERS);
	}

	@LocalServerPort
	int port;

	@Autowired
	Sender sender;

	@Test
	void readyMessagesOfAQueueNoOneConsumesPerPriority() {
		this.sender.send(1);
		this.sender.send(2);
		this.sender.send(3);
		this.sender.urgent(4);
		ActuatorClient actuator = new ActuatorClient(this.port);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			JsonNode queues = actuator.json("/queues");
			JsonNode target = only(queues.path("clientTargets"), UNCONSUMED);
			assertThat(target.path("exchange").asString()).isEqualTo(UNCONSUMED);
			assertThat(target.path("routingKey").asString()).isEqualTo(UNCONSUMED);
			assertThat(target.path("ready").path("0").asLong()).isEqualTo(3);
			assertThat(target.path("ready").path("9").asLong()).isEqualTo(1);
			assertThat(target.path("readyTotal").asLong()).isEqualTo(4);
			assertThat(target.path("unacked").asLong()).isZero();
			assertThat(target.path("tasks").path(0).asString()).isEqualTo("it.actuate.queues.nobody.task");
			assertThat(find(queues.path("consumed"), UNCONSUMED)).isNull();
		});
	}

	@Test
	void consumedQueueIsBoundToTheExchangeOfItsName() {
		JsonNode consumed = only(new ActuatorClient(this.port).json("/queues").path("consumed"), QUEUE);
		assertThat(consumed.path("exchange").asString()).isEqualTo(QUEUE);
		assertThat(consumed.path("routingKey").asString()).isEqualTo(QUEUE);
		assertThat(consumed.path("ready").size()).isEqualTo(4);
	}

	@Test
	void garbageEndsInTheDeadLetterCountOfItsQueue() {
		RedisServer redis = RedisServerExtension.shared();
		redis.command("LPUSH", QUEUE, "this is not a task message");
		ActuatorClient actuator = new ActuatorClient(this.port);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			JsonNode consumed = only(actuator.json("/queues").path("consumed"), QUEUE);
			assertThat(consumed.path("deadLettered").asLong()).isEqualTo(1);
		});
		assertThat(actuator.json("/queues/" + QUEUE).path("deadLettered").asLong()).isEqualTo(1);
		assertThat(actuator.json("/queues/" + UNCONSUMED).path("deadLettered").asLong()).isZero();
	}

	@Test
	void unacknowledgedMessagesCountByTheirRoutingKey() {
		RedisServer redis = RedisServerExtension.shared();
		String tag = "it-actuate-queues-unacked";
		redis.command("HSET", "unacked", tag, "[\"{}\", \"\", \"" + UNCONSUMED + "\"]");
		try {
			ActuatorClient actuator = new ActuatorClient(this.port);
			assertThat(only(actuator.json("/queues").path("clientTargets"), UNCONSUMED).path("unacked").asLong())
				.isEqualTo(1);
			assertThat(actuator.json("/queues/" + UNCONSUMED).path("unacked").asLong()).isEqualTo(1);
			assertThat(actuator.json("/queues/" + QUEUE).path("unacked").asLong()).isZero();
		}
		finally {
			redis.command("HDEL", "unacked", tag);
		}
	}

	@Test
	void anyQueueBySelector() {
		JsonNode queue = new ActuatorClient(this.port).json("/queues/it.actuate.queues.unknown");
		assertThat(queue.path("name").asString()).isEqualTo("it.actuate.queues.unknown");
		assertThat(queue.path("readyTotal").asLong()).isZero();
	}

	static JsonNode only(JsonNode queues, String name) {
		JsonNode found = find(queues, name);
		assertThat(found).as("queue %s in %s", name, queues).isNotNull();
		return found;
	}

	static JsonNode find(JsonNode queues, String name) {
		for (JsonNode queue : queues) {
			if (name.equals(queue.path("name").asString())) {
				return queue;
			}
		}
		return null;
	}

	@CeleryClient(name = "itActuateQueues", queue = UNCONSUMED)
	interface Sender {

		@CeleryCall(name = "it.actuate.queues.nobody.task")
		void send(int x);

		@CeleryCall(name = "it.actuate.queues.nobody.task", priority = 9)
		void urgent(int x);

	}

	static class Tasks {

		@CeleryTask("it.actuate.queues.echo")
		int echo(int x) {
			return x;
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableCeleryClients(clients = Sender.class)
	static class Config {

		@Bean
		Tasks tasks() {
			return new Tasks();
		}

	}

}
