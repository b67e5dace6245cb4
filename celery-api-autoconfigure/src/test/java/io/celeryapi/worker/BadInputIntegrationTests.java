package io.celeryapi.worker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import io.celeryapi.annotation.CeleryTask;
import io.celeryapi.core.CeleryOperations;
import io.celeryapi.core.CeleryRemoteException;
import io.celeryapi.test.RedisServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Every kind of bad input gets a clear error, is kept whole in the dead-letter list, gets
 * a FAILURE result when it has an id, and the worker goes on serving.
 */
@SpringBootTest(classes = BadInputIntegrationTests.Config.class)
@DirtiesContext
class BadInputIntegrationTests {

	static final String QUEUE = "it.badinput";

	static final String DEAD_LETTERS = "it.badinput.dead";

	static final Duration TIMEOUT = Duration.ofSeconds(10);

	static final JsonMapper JSON = JsonMapper.builder().build();

	// A server of its own: the test asserts the exact contents of the shared unacked hash.
	static final RedisServer server = RedisServer.start();

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		RedisServer redis = server;
		registry.add("celery.broker-url", () -> redis.url(0));
		registry.add("celery.worker.queues", () -> QUEUE);
		registry.add("celery.template.default-queue", () -> QUEUE);
		registry.add("celery.worker.dead-letter-key", () -> DEAD_LETTERS);
		registry.add("celery.worker.max-message-size", () -> "64KB");
	}

	@Autowired
	CeleryOperations celery;

	RedisServer redis = server;

	@org.junit.jupiter.api.AfterAll
	static void stopRedis() {
		server.close();
	}

	@BeforeEach
	void clearDeadLetters() {
		this.redis.command("DEL", DEAD_LETTERS);
	}

	@Test
	void invalidJsonIsDeadLetteredWhole() {
		String garbage = "{not json at all " + UUID.randomUUID();
		push(garbage);
		JsonNode entry = awaitDeadLetter();
		assertThat(entry.get("envelope").asString()).isEqualTo(garbage);
		assertThat(entry.get("reason").asString()).startsWith("message is not valid JSON");
		assertThat(entry.get("queue").asString()).isEqualTo(QUEUE);
		assertThat(entry.get("task_id").isNull()).isTrue();
		assertStillServing();
	}

	@Test
	void pickleIsRefusedWithFailureResult() {
		String id = UUID.randomUUID().toString();
		String envelope = envelope(id, "it.ok", "application/x-python-serialize", "gASVBQAAAAAAAACMAXiULg==", true);
		push(envelope);
		assertFailure(id, "ContentDisallowed", "refusing content-type application/x-python-serialize");
		JsonNode entry = awaitDeadLetter();
		assertThat(entry.get("envelope").asString()).isEqualTo(envelope);
		assertThat(entry.get("task_id").asString()).isEqualTo(id);
		assertThat(entry.get("task").asString()).isEqualTo("it.ok");
		assertStillServing();
	}

	@Test
	void yamlIsRefusedWithFailureResult() {
		String id = UUID.randomUUID().toString();
		push(envelope(id, "it.ok", "application/x-yaml", base64("- [1]\n- {}\n"), true));
		assertFailure(id, "ContentDisallowed", "refusing content-type application/x-yaml");
		assertThat(awaitDeadLetter().get("exc_type").asString()).isEqualTo("ContentDisallowed");
		assertStillServing();
	}

	@Test
	void kwargsAsListFailsLikePythonTypeError() {
		String id = UUID.randomUUID().toString();
		push(envelope(id, "it.ok", "application/json", base64("[[1], [2], {}]"), true));
		assertFailure(id, "TypeError", "kwargs must be a mapping");
		assertThat(awaitDeadLetter().get("task_id").asString()).isEqualTo(id);
		assertStillServing();
	}

	@Test
	void twoElementBodyIsMalformed() {
		String id = UUID.randomUUID().toString();
		push(envelope(id, "it.ok", "application/json", base64("[[1], {}]"), true));
		assertFailure(id, "DecodeError", "body must be [args, kwargs, embed], got an array of 2");
		assertThat(awaitDeadLetter().get("task_id").asString()).isEqualTo(id);
		assertStillServing();
	}

	@Test
	void unknownTaskFailsWithNotRegistered() {
		String id = UUID.randomUUID().toString();
		push(envelope(id, "it.nobody.knows", "application/json", base64("[[1], {}, {}]"), true));
		assertFailure(id, "NotRegistered", "it.nobody.knows");
		JsonNode entry = awaitDeadLetter();
		assertThat(entry.get("reason").asString()).isEqualTo("unregistered task it.nobody.knows");
		assertThat(entry.get("exc_type").asString()).isEqualTo("NotRegistered");
		assertStillServing();
	}

	@Test
	void messageOverMaxSizeIsRejected() {
		String id = UUID.randomUUID().toString();
		String big = "x".repeat(70 * 1024);
		push(envelope(id, "it.ok", "application/json", base64("[[\"" + big + "\"], {}, {}]"), true));
		assertFailure(id, "MessageTooLarge", "exceeds celery.worker.max-message-size");
		assertThat(awaitDeadLetter().get("envelope").asString()).contains(id);
		assertStillServing();
	}

	@Test
	void missingDeliveryTagIsRejectedNotFatal() {
		String id = UUID.randomUUID().toString();
		push(envelope(id, "it.ok", "application/json", base64("[[1], {}, {}]"), false));
		assertFailure(id, "DecodeError", "delivery_tag is missing");
		assertStillServing();
	}

	@Test
	void missingContentTypeIsRejectedNotFatal() {
		String id = UUID.randomUUID().toString();
		push(envelope(id, "it.ok", null, base64("[[1], {}, {}]"), true));
		assertFailure(id, "DecodeError", "no content-type");
		assertStillServing();
	}

	@Test
	void rejectedMessagesAreAcknowledgedNotLeftUnacked() {
		String id = UUID.randomUUID().toString();
		push(envelope(id, "it.nobody.knows", "application/json", base64("[[], {}, {}]"), true));
		assertFailure(id, "NotRegistered", "it.nobody.knows");
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(this.redis.hgetall("unacked")).isEmpty());
	}

	@Test
	void invalidJsonEndingLikeAnEnvelopeIsDeadLetteredAndAcknowledged() {
		// The fetch script records it by its tail without decoding it; the worker cannot
		// parse it, so it must remove that record itself.
		String garbage = "{not json, \"properties\": {\"delivery_info\": {\"exchange\": \"\", \"routing_key\": \""
				+ QUEUE + "\"}, \"priority\": 0, \"body_encoding\": \"base64\", \"delivery_tag\": \""
				+ UUID.randomUUID() + "\"}}";
		pushBehindAnother(garbage);
		JsonNode entry = awaitDeadLetter();
		assertThat(entry.get("envelope").asString()).isEqualTo(garbage);
		assertThat(entry.get("reason").asString()).startsWith("message is not valid JSON");
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(this.redis.hgetall("unacked")).isEmpty());
		assertStillServing();
	}

	@Test
	void envelopeEndingInADecoyOfItsPropertiesIsAcknowledgedUnderTheTagItWasRecordedUnder() {
		String id = UUID.randomUUID().toString();
		var root = (tools.jackson.databind.node.ObjectNode) JSON
			.readTree(envelope(id, "it.ok", "application/json", base64("[[6], {}, {}]"), true));
		var decoy = root.putObject("zz");
		decoy.putObject("delivery_info").put("exchange", "").put("routing_key", QUEUE);
		decoy.put("priority", 0);
		decoy.put("body_encoding", "base64");
		decoy.put("delivery_tag", "decoy-" + UUID.randomUUID());
		pushBehindAnother(JSON.writeValueAsString(root));
		assertThat(this.celery.asyncResult(id).get(TIMEOUT)).isEqualTo(7);
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(this.redis.hgetall("unacked")).isEmpty());
		assertThat(this.redis.llen(DEAD_LETTERS)).isZero();
	}

	private void assertFailure(String id, String excType, String message) {
		assertThatExceptionOfType(CeleryRemoteException.class)
			.isThrownBy(() -> this.celery.asyncResult(id).get(TIMEOUT))
			.satisfies((ex) -> {
				assertThat(ex.getExcType()).isEqualTo(excType);
				assertThat(ex.getRemoteMessage()).contains(message);
			});
	}

	private JsonNode awaitDeadLetter() {
		await().atMost(TIMEOUT).until(() -> this.redis.llen(DEAD_LETTERS) > 0);
		List<String> entries = this.redis.lrange(DEAD_LETTERS);
		assertThat(entries).hasSize(1);
		return JSON.readTree(entries.get(0));
	}

	private void assertStillServing() {
		assertThat(this.celery.sendTask("it.ok", 41).get(TIMEOUT)).isEqualTo(42);
	}

	private void push(String raw) {
		this.redis.command("LPUSH", QUEUE, raw);
	}

	/**
	 * Pushes a good task and then the message in one step: an idle worker takes the first
	 * with BRPOP and the second with its fetch script, which records messages itself.
	 */
	private void pushBehindAnother(String raw) {
		String id = UUID.randomUUID().toString();
		this.redis.command("LPUSH", QUEUE, envelope(id, "it.ok", "application/json", base64("[[1], {}, {}]"), true),
				raw);
		assertThat(this.celery.asyncResult(id).get(TIMEOUT)).isEqualTo(2);
	}

	static String base64(String text) {
		return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

	static String envelope(String id, String task, String contentType, String body, boolean withTag) {
		var root = JSON.createObjectNode();
		root.put("body", body);
		root.put("content-encoding", "utf-8");
		if (contentType != null) {
			root.put("content-type", contentType);
		}
		var headers = root.putObject("headers");
		headers.put("lang", "py");
		headers.put("task", task);
		headers.put("id", id);
		var properties = root.putObject("properties");
		properties.put("correlation_id", id);
		properties.putObject("delivery_info").put("exchange", "").put("routing_key", QUEUE);
		properties.put("body_encoding", "base64");
		if (withTag) {
			properties.put("delivery_tag", UUID.randomUUID().toString());
		}
		return JSON.writeValueAsString(root);
	}

	static class Tasks {

		@CeleryTask("it.ok")
		int ok(int x) {
			return x + 1;
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
