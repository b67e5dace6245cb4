package io.celeryapi.internal.protocol;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Encoding protocol 2 task messages the way Python Celery 5.2 publishes them.
 */
class TaskMessageCodecEncodeTests {

	private static final List<String> CELERY_HEADERS = List.of("lang", "task", "id", "shadow", "eta", "expires",
			"group", "group_index", "retries", "timelimit", "root_id", "parent_id", "argsrepr", "kwargsrepr",
			"origin", "ignore_result");

	@Test
	void writesEnvelopeKeysInCeleryOrder() {
		ObjectNode captured = WireFixtures.golden("task_basic.json").envelope();
		ObjectNode encoded = parse(TaskMessageCodec.encode(basic()));
		assertThat(keys(encoded)).containsExactlyElementsOf(keys(captured));
	}

	@Test
	void writesExactlyTheHeadersCeleryWritesInItsOrder() {
		ObjectNode captured = WireFixtures.golden("task_basic.json").headers();
		assertThat(keys(captured)).containsExactlyElementsOf(CELERY_HEADERS);
		ObjectNode headers = (ObjectNode) parse(TaskMessageCodec.encode(basic())).get("headers");
		assertThat(keys(headers)).containsExactlyElementsOf(CELERY_HEADERS);
	}

	@Test
	void writesThePropertiesCeleryWritesInItsOrder() {
		ObjectNode captured = (ObjectNode) WireFixtures.golden("task_basic.json").envelope().get("properties");
		ObjectNode properties = (ObjectNode) parse(TaskMessageCodec.encode(basic())).get("properties");
		assertThat(keys(properties)).containsExactlyElementsOf(keys(captured));
		assertThat(keys((ObjectNode) properties.get("delivery_info"))).containsExactly("exchange", "routing_key");
	}

	@Test
	void writesPropertyValuesAsKombuDoes() {
		ObjectNode envelope = parse(TaskMessageCodec.encode(basic()));
		ObjectNode properties = (ObjectNode) envelope.get("properties");
		assertThat(envelope.get("content-type").asString()).isEqualTo("application/json");
		assertThat(envelope.get("content-encoding").asString()).isEqualTo("utf-8");
		assertThat(properties.get("correlation_id").asString()).isEqualTo("id-1");
		assertThat(properties.get("reply_to").isString()).isTrue();
		assertThat(properties.get("delivery_mode").asInt()).isEqualTo(2);
		assertThat(properties.get("delivery_info").get("exchange").asString()).isEmpty();
		assertThat(properties.get("delivery_info").get("routing_key").asString()).isEqualTo("celery");
		assertThat(properties.get("priority").asInt()).isZero();
		assertThat(properties.get("body_encoding").asString()).isEqualTo("base64");
		assertThat(UUID.fromString(properties.get("delivery_tag").asString())).isNotNull();
	}

	@Test
	void writesFreshDeliveryTagPerPublish() {
		String first = parse(TaskMessageCodec.encode(basic())).get("properties").get("delivery_tag").asString();
		String second = parse(TaskMessageCodec.encode(basic())).get("properties").get("delivery_tag").asString();
		assertThat(first).isNotEqualTo(second);
	}

	@Test
	void writesBodyAsBase64OfArgsKwargsAndEmbed() {
		ObjectNode envelope = parse(TaskMessageCodec.encode(basic()));
		JsonNode body = WireJson.MAPPER
			.readTree(Base64.getDecoder().decode(envelope.get("body").asString()));
		assertThat(body.isArray()).isTrue();
		assertThat(body.size()).isEqualTo(3);
		assertThat(body.get(0)).isEqualTo(WireFixtures.golden("task_basic.json").body().get(0));
		assertThat(body.get(1)).isEqualTo(WireFixtures.golden("task_basic.json").body().get(1));
		assertThat(body.get(2)).isEqualTo(WireFixtures.golden("task_basic.json").body().get(2));
		assertThat(keys((ObjectNode) body.get(2))).containsExactly("callbacks", "errbacks", "chain", "chord");
	}

	@Test
	void writesHeaderValuesOfCapturedDelay() {
		ObjectNode captured = WireFixtures.golden("task_basic.json").headers();
		ObjectNode headers = (ObjectNode) parse(TaskMessageCodec.encode(basic())).get("headers");
		for (String key : List.of("shadow", "eta", "expires", "group", "group_index", "parent_id")) {
			assertThat(headers.get(key)).as(key).isEqualTo(captured.get(key));
		}
		assertThat(headers.get("lang").asString()).isEqualTo("java");
		assertThat(headers.get("task").asString()).isEqualTo("peer.add");
		assertThat(headers.get("retries").asInt()).isZero();
		assertThat(headers.get("timelimit").size()).isEqualTo(2);
		assertThat(headers.get("timelimit").get(0).isNull()).isTrue();
		assertThat(headers.get("timelimit").get(1).isNull()).isTrue();
		assertThat(headers.get("root_id").asString()).isEqualTo("id-1");
		assertThat(headers.get("ignore_result").isBoolean()).isTrue();
		assertThat(headers.get("origin").asString()).isEqualTo("gen1@host");
	}

	@Test
	void writesEtaAndExpiresAsPythonIsoformatWithOffset() {
		ObjectNode captured = WireFixtures.golden("task_eta_expires_datetime.json").headers();
		OutgoingTask task = task(WireJson.NODES.arrayNode(), WireJson.NODES.objectNode(), null, null, null, null,
				Instant.parse("2030-01-02T03:04:05.678Z"), Instant.parse("2030-01-02T04:04:05.678Z"), 0, null, null,
				null, null, false, null);
		ObjectNode headers = (ObjectNode) parse(TaskMessageCodec.encode(task)).get("headers");
		assertThat(headers.get("eta")).isEqualTo(captured.get("eta"));
		assertThat(headers.get("expires")).isEqualTo(captured.get("expires"));
	}

	@Test
	void writesTimelimitAsHardThenSoft() {
		OutgoingTask task = task(WireJson.NODES.arrayNode(), WireJson.NODES.objectNode(), null, null, null, null,
				null, null, 0, 30.0, 20.0, null, null, false, null);
		JsonNode timelimit = parse(TaskMessageCodec.encode(task)).get("headers").get("timelimit");
		assertThat(timelimit.get(0).asDouble()).isEqualTo(30.0);
		assertThat(timelimit.get(1).asDouble()).isEqualTo(20.0);
	}

	@Test
	void mergesExtraHeadersAtTopLevelAfterCeleryHeaders() {
		ObjectNode extra = WireJson.NODES.objectNode();
		extra.put("x-custom-header", "v1");
		extra.putObject("stamps").put("k", "v");
		OutgoingTask task = task(WireJson.NODES.arrayNode(), WireJson.NODES.objectNode(), null, null, null, null,
				null, null, 0, null, null, null, null, true, extra);
		ObjectNode headers = (ObjectNode) parse(TaskMessageCodec.encode(task)).get("headers");
		List<String> expected = new ArrayList<>(CELERY_HEADERS);
		expected.add("x-custom-header");
		expected.add("stamps");
		assertThat(keys(headers)).containsExactlyElementsOf(expected);
		assertThat(headers.get("x-custom-header").asString()).isEqualTo("v1");
		assertThat(headers.get("ignore_result").asBoolean()).isTrue();
	}

	@Test
	void roundTripsEveryField() {
		// WireJson reads floats as exact decimals
		ArrayNode args = WireJson.NODES.arrayNode().add(1).add("two").add(new BigDecimal("2.5")).addNull();
		args.addObject().put("nested", true);
		ObjectNode kwargs = WireJson.NODES.objectNode().put("y", 2).put("text", "caf\u00e9 \u2713");
		ArrayNode callbacks = signatures("peer.mul", "cb-1");
		ArrayNode errbacks = signatures("peer.on_error", "eb-1");
		ArrayNode chain = signatures("peer.add", "chain-last");
		chain.addAll(signatures("peer.mul", "chain-next"));
		ObjectNode chord = (ObjectNode) signatures("peer.xsum", "chord-body").get(0);
		ObjectNode extra = WireJson.NODES.objectNode().put("x-custom-header", "v1");
		OutgoingTask task = new OutgoingTask("id-9", "peer.everything", args, kwargs, callbacks, errbacks, chain,
				chord, Instant.parse("2030-01-02T03:04:05.000001Z"), Instant.parse("2030-01-02T04:00:00Z"), 3, 30.0,
				20.5, "root-9", "parent-9", "group-9", 4, true, "shadowed", extra, 7, "ex", "rk", "gen9@host");
		Envelope envelope = Envelope.parse(TaskMessageCodec.encode(task));
		TaskMessage message = TaskMessageCodec.decode(envelope);
		assertThat(message.protocol()).isEqualTo(2);
		assertThat(message.id()).isEqualTo("id-9");
		assertThat(message.task()).isEqualTo("peer.everything");
		assertThat(message.args()).isEqualTo(args);
		assertThat(message.kwargs()).isEqualTo(kwargs);
		assertThat(message.callbacks()).isEqualTo(callbacks);
		assertThat(message.errbacks()).isEqualTo(errbacks);
		assertThat(message.chain()).isEqualTo(chain);
		assertThat(message.chord()).isEqualTo(chord);
		assertThat(message.eta()).isEqualTo(Instant.parse("2030-01-02T03:04:05.000001Z"));
		assertThat(message.expires()).isEqualTo(Instant.parse("2030-01-02T04:00:00Z"));
		assertThat(message.retries()).isEqualTo(3);
		assertThat(message.timeLimit()).isEqualTo(30.0);
		assertThat(message.softTimeLimit()).isEqualTo(20.5);
		assertThat(message.rootId()).isEqualTo("root-9");
		assertThat(message.parentId()).isEqualTo("parent-9");
		assertThat(message.group()).isEqualTo("group-9");
		assertThat(message.groupIndex()).isEqualTo(4);
		assertThat(message.ignoreResult()).isTrue();
		assertThat(message.headers().get("shadow").asString()).isEqualTo("shadowed");
		assertThat(message.headers().get("x-custom-header").asString()).isEqualTo("v1");
		assertThat(message.headers().get("origin").asString()).isEqualTo("gen9@host");
		assertThat(envelope.priority()).isEqualTo(7);
		assertThat(envelope.exchange()).isEqualTo("ex");
		assertThat(envelope.routingKey()).isEqualTo("rk");
		assertThat(envelope.taskId()).isEqualTo("id-9");
		assertThat(envelope.deliveryTag()).isNotBlank();
	}

	@Test
	void roundTripsCapturedMessagesThroughEncode() {
		for (String file : List.of("task_chain3_first_link.json", "task_options.json", "task_link_link_error.json")) {
			TaskMessage captured = WireFixtures.golden(file).decode();
			OutgoingTask again = new OutgoingTask(captured.id(), captured.task(), captured.args(), captured.kwargs(),
					captured.callbacks(), captured.errbacks(), captured.chain(), captured.chord(), captured.eta(),
					captured.expires(), captured.retries(), captured.timeLimit(), captured.softTimeLimit(),
					captured.rootId(), captured.parentId(), captured.group(), captured.groupIndex(),
					captured.ignoreResult(), null, null, 0, "", "celery", "gen1@host");
			TaskMessage decoded = TaskMessageCodec.decode(Envelope.parse(TaskMessageCodec.encode(again)));
			assertThat(decoded).as(file)
				.usingRecursiveComparison()
				.ignoringFields("headers")
				.isEqualTo(captured);
		}
	}

	@Test
	void base64EncodesUtf8BytesOfNonAsciiArguments() {
		ArrayNode args = WireJson.NODES.arrayNode().add("Gr\u00fc\u00dfe \uD83D\uDE00");
		OutgoingTask task = task(args, WireJson.NODES.objectNode(), null, null, null, null, null, null, 0, null,
				null, null, null, false, null);
		String body = new String(Base64.getDecoder().decode(parse(TaskMessageCodec.encode(task)).get("body")
			.asString()), StandardCharsets.UTF_8);
		assertThat(body).contains("Gr\u00fc\u00dfe \uD83D\uDE00");
	}

	@Test
	void writesReadableArgsreprAndKwargsrepr() {
		ObjectNode kwargs = WireJson.NODES.objectNode().put("y", 2);
		OutgoingTask task = task(WireJson.NODES.arrayNode().add(1).add(2), kwargs, null, null, null, null, null,
				null, 0, null, null, null, null, false, null);
		ObjectNode headers = (ObjectNode) parse(TaskMessageCodec.encode(task)).get("headers");
		assertThat(headers.get("argsrepr").asString()).startsWith("(").endsWith(")").contains("1").contains("2");
		assertThat(headers.get("kwargsrepr").asString()).startsWith("{").endsWith("}").contains("y").contains("2");
	}

	@Test
	void encodesTextBeyondAsciiAsUtf8InBodyAndHeaders() {
		ArrayNode args = WireJson.NODES.arrayNode().add("žluťoučký kůň").add("日本語 🐍");
		ObjectNode kwargs = WireJson.NODES.objectNode().put("ключ", "значение");
		OutgoingTask task = task(args, kwargs, null, null, null, null, null, null, 0, null, null, null, null, false,
				null);
		ObjectNode envelope = (ObjectNode) WireJson.MAPPER.readTree(TaskMessageCodec.encodeUtf8(task));
		JsonNode body = WireJson.MAPPER.readTree(Base64.getDecoder().decode(envelope.get("body").asString()));
		assertThat(body.get(0)).isEqualTo(args);
		assertThat(body.get(1)).isEqualTo(kwargs);
		assertThat(envelope.get("headers").get("argsrepr").asString()).contains("žluťoučký kůň").contains("🐍");
		assertThat(envelope.get("headers").get("kwargsrepr").asString()).contains("значение");
	}

	@Test
	void writesEnvelopesLargerThanTheGeneratorBufferWhole() {
		// Far beyond the generator's 8,000-byte buffer: it flushes several times.
		String big = "y".repeat(50_000);
		ArrayNode args = WireJson.NODES.arrayNode().add(big).add(7);
		OutgoingTask task = task(args, WireJson.NODES.objectNode(), null, null, null, null, null, null, 0, null, null,
				null, null, false, null);
		byte[] envelope = TaskMessageCodec.encodeUtf8(task);
		JsonNode root = WireJson.MAPPER.readTree(envelope);
		JsonNode body = WireJson.MAPPER.readTree(Base64.getDecoder().decode(root.get("body").asString()));
		assertThat(body.get(0).get(0).asString()).isEqualTo(big);
		assertThat(body.get(0).get(1).asInt()).isEqualTo(7);
		assertThat(root.get("properties").get("delivery_tag").asString()).isNotEmpty();
		assertThat(new String(envelope, StandardCharsets.UTF_8)).endsWith("}}");
	}

	@Test
	void shortensHugeArgsreprToOneKilobyte() {
		ArrayNode args = WireJson.NODES.arrayNode().add("x".repeat(5000));
		OutgoingTask task = task(args, WireJson.NODES.objectNode(), null, null, null, null, null, null, 0, null, null,
				null, null, false, null);
		String argsrepr = parse(TaskMessageCodec.encode(task)).get("headers").get("argsrepr").asString();
		assertThat(argsrepr).hasSize(1024).endsWith("...");
	}

	@Test
	void marksRestoredMessageAsRedeliveredAndKeepsTheRest() {
		String raw = WireFixtures.golden("task_basic.json").raw();
		ObjectNode restored = parse(TaskMessageCodec.markRedelivered(raw));
		assertThat(restored.get("headers").get("redelivered").asBoolean()).isTrue();
		assertThat(restored.get("properties").get("delivery_info").get("redelivered").asBoolean()).isTrue();
		((ObjectNode) restored.get("headers")).remove("redelivered");
		((ObjectNode) restored.get("properties").get("delivery_info")).remove("redelivered");
		assertThat(restored).isEqualTo(parse(raw));
		assertThat(TaskMessageCodec.decode(Envelope.parse(TaskMessageCodec.markRedelivered(raw))).args())
			.isEqualTo(WireFixtures.golden("task_basic.json").body().get(0));
	}

	@Test
	void leavesNonObjectUnchangedWhenMarkingRedelivered() {
		assertThat(TaskMessageCodec.markRedelivered("[1, 2]")).isEqualTo("[1, 2]");
	}

	private static OutgoingTask basic() {
		return task(WireJson.NODES.arrayNode().add(2).add(3), WireJson.NODES.objectNode(), null, null, null, null,
				null, null, 0, null, null, null, null, false, null);
	}

	private static OutgoingTask task(ArrayNode args, ObjectNode kwargs, ArrayNode callbacks, ArrayNode errbacks,
			ArrayNode chain, ObjectNode chord, Instant eta, Instant expires, int retries, Double timeLimit,
			Double softTimeLimit, String parentId, String group, boolean ignoreResult, ObjectNode extraHeaders) {
		return new OutgoingTask("id-1", "peer.add", args, kwargs, callbacks, errbacks, chain, chord, eta, expires,
				retries, timeLimit, softTimeLimit, "id-1", parentId, group, null, ignoreResult, null, extraHeaders, 0,
				"", "celery", "gen1@host");
	}

	private static ArrayNode signatures(String task, String id) {
		ArrayNode list = WireJson.NODES.arrayNode();
		ObjectNode signature = list.addObject();
		signature.put("task", task);
		signature.putArray("args").add(10);
		signature.putObject("kwargs");
		signature.putObject("options").put("task_id", id);
		signature.putNull("subtask_type");
		signature.put("immutable", false);
		return list;
	}

	private static ObjectNode parse(String json) {
		return (ObjectNode) WireJson.MAPPER.readTree(json);
	}

	private static List<String> keys(ObjectNode node) {
		return new ArrayList<>(node.propertyNames());
	}

}
