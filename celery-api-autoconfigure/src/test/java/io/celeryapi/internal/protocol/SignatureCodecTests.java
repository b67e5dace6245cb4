package io.celeryapi.internal.protocol;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;

import io.celeryapi.core.Signature;
import io.celeryapi.core.TaskOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Celery's signature dicts, written for callbacks and read back when a worker forwards
 * them.
 */
class SignatureCodecTests {

	private final JsonMapper mapper = JsonMapper.builder().build();

	@Test
	void writesSignatureDictKeysInCeleryOrder() {
		JsonNode captured = WireFixtures.golden("task_link_link_error.json").body().get(2).get("callbacks").get(0);
		ObjectNode dict = SignatureCodec.toDict(Signature.of("peer.mul", 10), this.mapper);
		assertThat(keys(dict)).containsExactlyElementsOf(keys(captured));
		assertThat(dict.get("task").asString()).isEqualTo("peer.mul");
		assertThat(dict.get("args")).isEqualTo(captured.get("args"));
		assertThat(dict.get("kwargs")).isEqualTo(captured.get("kwargs"));
		assertThat(dict.get("subtask_type").isNull()).isTrue();
		assertThat(dict.get("immutable").asBoolean()).isFalse();
	}

	@Test
	void givesEverySignatureAFreshTaskIdUnlessOneIsSet() {
		ObjectNode first = SignatureCodec.toDict(Signature.of("peer.add", 1), this.mapper);
		ObjectNode second = SignatureCodec.toDict(Signature.of("peer.add", 1), this.mapper);
		String id = first.get("options").get("task_id").asString();
		assertThat(UUID.fromString(id)).isNotNull();
		assertThat(second.get("options").get("task_id").asString()).isNotEqualTo(id);
		ObjectNode fixed = SignatureCodec.toDict(
				Signature.of("peer.add", 1).withOptions(TaskOptions.builder().taskId("fixed-1").build()), this.mapper);
		assertThat(fixed.get("options").get("task_id").asString()).isEqualTo("fixed-1");
		assertThat(keys((ObjectNode) fixed.get("options"))).containsExactly("task_id");
	}

	@Test
	void writesImmutableAndKwargs() {
		ObjectNode dict = SignatureCodec.toDict(Signature.of("peer.add", 1).withKwarg("y", 2).immutable(),
				this.mapper);
		assertThat(dict.get("immutable").asBoolean()).isTrue();
		assertThat(dict.get("kwargs").get("y").asInt()).isEqualTo(2);
	}

	@Test
	void writesOptionsAsApplyAsyncKeywordArguments() {
		TaskOptions options = TaskOptions.builder()
			.taskId("t-1")
			.queue("java.q")
			.priority(5)
			.countdown(Duration.ofMillis(1500))
			.expires(Instant.parse("2030-01-02T04:04:05.678Z"))
			.ignoreResult(true)
			.timeLimit(Duration.ofSeconds(30))
			.softTimeLimit(Duration.ofSeconds(20))
			.shadow("shadowed")
			.header("x-custom-header", "v1")
			.link(Signature.of("peer.mul", 10))
			.linkError(Signature.of("peer.on_error"))
			.build();
		JsonNode dict = SignatureCodec.toDict(Signature.of("peer.add", 1, 2).withOptions(options), this.mapper)
			.get("options");
		assertThat(dict.get("task_id").asString()).isEqualTo("t-1");
		assertThat(dict.get("queue").asString()).isEqualTo("java.q");
		assertThat(dict.get("priority").asInt()).isEqualTo(5);
		assertThat(dict.get("countdown").asDouble()).isEqualTo(1.5);
		assertThat(dict.get("expires").asString()).isEqualTo("2030-01-02T04:04:05.678000+00:00");
		assertThat(dict.get("ignore_result").asBoolean()).isTrue();
		assertThat(dict.get("time_limit").asDouble()).isEqualTo(30.0);
		assertThat(dict.get("soft_time_limit").asDouble()).isEqualTo(20.0);
		assertThat(dict.get("shadow").asString()).isEqualTo("shadowed");
		assertThat(dict.get("headers").get("x-custom-header").asString()).isEqualTo("v1");
		assertThat(dict.get("link").get(0).get("task").asString()).isEqualTo("peer.mul");
		assertThat(dict.get("link_error").get(0).get("task").asString()).isEqualTo("peer.on_error");
	}

	@Test
	void writesRelativeExpiryInSecondsAndExchangeRouting() {
		TaskOptions options = TaskOptions.builder()
			.expiresIn(Duration.ofSeconds(120))
			.exchange("tasks", "java.rk")
			.eta(Instant.parse("2030-01-02T03:04:05Z"))
			.build();
		JsonNode dict = SignatureCodec.toDict(Signature.of("peer.add").withOptions(options), this.mapper)
			.get("options");
		assertThat(dict.get("expires").asDouble()).isEqualTo(120.0);
		assertThat(dict.get("exchange").asString()).isEqualTo("tasks");
		assertThat(dict.get("routing_key").asString()).isEqualTo("java.rk");
		assertThat(dict.get("eta").asString()).isEqualTo("2030-01-02T03:04:05+00:00");
	}

	@Test
	void writesNullForNoSignatures() {
		assertThat(SignatureCodec.toList(List.of(), this.mapper)).isNull();
		ArrayNode list = SignatureCodec.toList(List.of(Signature.of("a"), Signature.of("b")), this.mapper);
		assertThat(list).hasSize(2);
		assertThat(list.get(1).get("task").asString()).isEqualTo("b");
	}

	@Test
	void readsCapturedChainLinkOptions() {
		JsonNode next = WireFixtures.golden("task_chain3_first_link.json").body().get(2).get("chain").get(1);
		TaskOptions options = SignatureCodec.optionsOf(next.get("options"));
		assertThat(options.getTaskId()).isEqualTo("0c3e69f9-5c83-40f4-81c7-48cb4ad14fef");
		assertThat(options.getQueue()).isNull();
		assertThat(options.getExchange()).isNull();
		assertThat(options.getPriority()).isNull();
		assertThat(options.getLink()).isEmpty();
	}

	@Test
	void readsNoOptionsFromNullOrNonObject() {
		assertThat(SignatureCodec.optionsOf(null)).isEqualTo(TaskOptions.none());
		assertThat(SignatureCodec.optionsOf(WireJson.NODES.arrayNode())).isEqualTo(TaskOptions.none());
		assertThat(SignatureCodec.optionsOf(WireJson.NODES.objectNode())).isEqualTo(TaskOptions.none());
	}

	@Test
	void readsBackTheRoutingAndTimingOptionsItWrites() {
		TaskOptions options = TaskOptions.builder()
			.taskId("t-2")
			.queue("java.q")
			.exchange("tasks", "java.rk")
			.priority(3)
			.countdown(Duration.ofMillis(2500))
			.expiresIn(Duration.ofSeconds(90))
			.ignoreResult(false)
			.build();
		JsonNode dict = SignatureCodec.toDict(Signature.of("peer.add").withOptions(options), this.mapper)
			.get("options");
		assertThat(SignatureCodec.optionsOf(dict)).isEqualTo(options);
	}

	@Test
	void readsAbsoluteEtaAndExpiresAsInstants() {
		ObjectNode dict = WireJson.NODES.objectNode();
		dict.put("eta", "2030-01-02T03:04:05.678000+00:00");
		dict.put("expires", "2030-01-02T04:04:05.678000+00:00");
		TaskOptions options = SignatureCodec.optionsOf(dict);
		assertThat(options.getEta()).isEqualTo(Instant.parse("2030-01-02T03:04:05.678Z"));
		assertThat(options.getExpires()).isEqualTo(Instant.parse("2030-01-02T04:04:05.678Z"));
		assertThat(options.getExpiresIn()).isNull();
	}

	@Test
	void clampsPriorityAndIgnoresEmptyExchange() {
		ObjectNode dict = WireJson.NODES.objectNode();
		dict.put("priority", 20);
		dict.put("exchange", "");
		dict.put("routing_key", "celery");
		TaskOptions options = SignatureCodec.optionsOf(dict);
		assertThat(options.getPriority()).isEqualTo(9);
		assertThat(options.getExchange()).isNull();
	}

	@Test
	void readsCustomHeaders() {
		ObjectNode dict = WireJson.NODES.objectNode();
		dict.putObject("headers").put("x-custom-header", "v1");
		TaskOptions options = SignatureCodec.optionsOf(dict);
		assertThat(options.getHeaders()).containsOnlyKeys("x-custom-header");
		assertThat(String.valueOf(options.getHeaders().get("x-custom-header"))).contains("v1");
	}

	@Test
	void readsBackTimeLimitsAndShadow() {
		TaskOptions options = TaskOptions.builder()
			.taskId("t-3")
			.timeLimit(Duration.ofSeconds(30))
			.softTimeLimit(Duration.ofMillis(20500))
			.shadow("shadowed")
			.build();
		JsonNode dict = SignatureCodec.toDict(Signature.of("peer.add").withOptions(options), this.mapper)
			.get("options");
		assertThat(SignatureCodec.optionsOf(dict)).isEqualTo(options);
	}

	@Test
	void readsBackLinkAndLinkErrorOfForwardedSignatures() {
		TaskOptions options = TaskOptions.builder()
			.taskId("t-4")
			.link(Signature.of("peer.mul", 10).withOptions(TaskOptions.builder().taskId("cb-1").build()))
			.link(Signature.of("peer.log", "done").withKwarg("level", "info")
				.immutable()
				.withOptions(TaskOptions.builder().taskId("cb-2").queue("java.q").build()))
			.linkError(Signature.of("peer.on_error").withOptions(TaskOptions.builder().taskId("eb-1").build()))
			.build();
		JsonNode dict = SignatureCodec.toDict(Signature.of("peer.add", 1).withOptions(options), this.mapper)
			.get("options");
		TaskOptions read = SignatureCodec.optionsOf(dict);
		assertThat(read.getLink()).hasSize(2);
		assertThat(read.getLinkError()).hasSize(1);
		assertThat(read).isEqualTo(options);
	}

	@Test
	void readsSingleLinkDictAsOneCallback() {
		ObjectNode dict = WireJson.NODES.objectNode();
		dict.set("link", WireFixtures.golden("task_link_link_error.json").body().get(2).get("callbacks").get(0));
		TaskOptions options = SignatureCodec.optionsOf(dict);
		assertThat(options.getLink()).hasSize(1);
		Signature<?> callback = options.getLink().get(0);
		assertThat(callback.getTask()).isEqualTo("peer.mul");
		assertThat(callback.getArgs()).containsExactly(10);
		assertThat(callback.isImmutable()).isFalse();
	}

	@Test
	void refusesToForwardNestedCanvasLinks() {
		ObjectNode group = WireJson.NODES.objectNode();
		group.put("task", "celery.group");
		group.putArray("args");
		group.putObject("kwargs").putArray("tasks");
		group.putObject("options");
		group.put("subtask_type", "group");
		group.put("immutable", false);
		ObjectNode dict = WireJson.NODES.objectNode();
		dict.putArray("link").add(group);
		assertThatIllegalArgumentException().isThrownBy(() -> SignatureCodec.optionsOf(dict))
			.withMessageContaining("group");
	}

	private static List<String> keys(JsonNode node) {
		return new ArrayList<>(node.propertyNames());
	}


}
