package io.celeryapi.internal.protocol;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.celeryapi.internal.protocol.WireFixtures.Golden;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decoding the task messages Python Celery 5.2 really published.
 */
class TaskMessageCodecDecodeTests {

	static Stream<Golden> capturedTaskEnvelopes() {
		List<String> files = WireFixtures.files("examples", "task_");
		assertThat(files).hasSizeGreaterThanOrEqualTo(13).contains("task_basic.json", "task_compressed_zlib.json");
		return files.stream().flatMap((file) -> WireFixtures.goldens(file).stream());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("capturedTaskEnvelopes")
	void decodesEveryCapturedTaskEnvelopeToItsDecodedBody(Golden golden) {
		TaskMessage message = golden.decode();
		ObjectNode headers = golden.headers();
		JsonNode embed = golden.body().get(2);
		assertThat(message.protocol()).isEqualTo(2);
		assertThat(message.id()).isEqualTo(headers.get("id").asString());
		assertThat(message.task()).isEqualTo(headers.get("task").asString());
		assertThat(message.args()).isEqualTo(golden.body().get(0));
		assertThat(message.kwargs()).isEqualTo(golden.body().get(1));
		assertThat(nullable(message.callbacks())).isEqualTo(embed.get("callbacks"));
		assertThat(nullable(message.errbacks())).isEqualTo(embed.get("errbacks"));
		assertThat(nullable(message.chain())).isEqualTo(embed.get("chain"));
		assertThat(nullable(message.chord())).isEqualTo(embed.get("chord"));
		assertThat(message.retries()).isEqualTo(headers.get("retries").asInt());
		assertThat(message.rootId()).isEqualTo(headers.get("root_id").asString());
		assertThat(message.parentId()).isEqualTo(WireJson.text(headers, "parent_id"));
		assertThat(message.group()).isEqualTo(WireJson.text(headers, "group"));
		assertThat(message.ignoreResult()).isEqualTo(headers.get("ignore_result").asBoolean());
		assertThat(message.headers()).isEqualTo(headers);
	}

	@Test
	void decodesProtocolTwoTaskFromCapturedDelay() {
		TaskMessage message = WireFixtures.golden("task_basic.json").decode();
		assertThat(message.id()).isEqualTo("5ca9e026-f985-4a80-8f7c-60482d3da47e");
		assertThat(message.task()).isEqualTo("peer.add");
		assertThat(message.args()).isEqualTo(array(2, 3));
		assertThat(message.kwargs().isEmpty()).isTrue();
		assertThat(message.eta()).isNull();
		assertThat(message.expires()).isNull();
		assertThat(message.retries()).isZero();
		assertThat(message.rootId()).isEqualTo(message.id());
		assertThat(message.parentId()).isNull();
		assertThat(message.group()).isNull();
		assertThat(message.groupIndex()).isNull();
		assertThat(message.timeLimit()).isNull();
		assertThat(message.softTimeLimit()).isNull();
		assertThat(message.ignoreResult()).isFalse();
		assertThat(message.callbacks()).isNull();
		assertThat(message.errbacks()).isNull();
		assertThat(message.chain()).isNull();
		assertThat(message.chord()).isNull();
	}

	@Test
	void readsDeliveryDetailsOfCapturedDelay() {
		Envelope envelope = Envelope.parse(WireFixtures.golden("task_basic.json").raw());
		assertThat(envelope.deliveryTag()).isEqualTo("9aadcf31-0d2b-4d75-9787-ceb78c2ab6b4");
		assertThat(envelope.exchange()).isEmpty();
		assertThat(envelope.routingKey()).isEqualTo("celery");
		assertThat(envelope.priority()).isZero();
		assertThat(envelope.contentType()).isEqualTo("application/json");
		assertThat(envelope.taskId()).isEqualTo("5ca9e026-f985-4a80-8f7c-60482d3da47e");
		assertThat(envelope.taskName()).isEqualTo("peer.add");
	}

	@Test
	void parsesCountdownEtaAndExpiresAsUtcInstantsWithMicroseconds() {
		TaskMessage message = WireFixtures.golden("task_countdown_expires.json").decode();
		assertThat(message.eta()).isEqualTo(Instant.parse("2026-11-24T17:27:40.270197Z"));
		assertThat(message.expires()).isEqualTo(Instant.parse("2026-11-24T17:29:10.270197Z"));
	}

	@Test
	void parsesExplicitEtaAndExpiresDatetimes() {
		TaskMessage message = WireFixtures.golden("task_eta_expires_datetime.json").decode();
		assertThat(message.eta()).isEqualTo(Instant.parse("2030-01-02T03:04:05.678Z"));
		assertThat(message.expires()).isEqualTo(Instant.parse("2030-01-02T04:04:05.678Z"));
	}

	@Test
	void readsTimelimitAsHardThenSoft() {
		TaskMessage message = WireFixtures.golden("task_options.json").decode();
		assertThat(message.timeLimit()).isEqualTo(30.0);
		assertThat(message.softTimeLimit()).isEqualTo(20.0);
	}

	@Test
	void keepsIgnoreResultFixedIdAndCustomHeaderOfCapturedOptions() {
		TaskMessage message = WireFixtures.golden("task_options.json").decode();
		assertThat(message.id()).isEqualTo("fixed-id-0001");
		assertThat(message.ignoreResult()).isTrue();
		assertThat(message.args()).isEqualTo(array(1));
		assertThat(message.kwargs().get("y").asInt()).isEqualTo(2);
		assertThat(message.headers().get("x-custom-header").asString()).isEqualTo("v1");
		assertThat(message.headers().get("shadow").asString()).isEqualTo("peer.add.shadowed");
	}

	@Test
	void keepsChainWithTheNextLinkLast() {
		TaskMessage message = WireFixtures.golden("task_chain3_first_link.json").decode();
		ArrayNode chain = message.chain();
		assertThat(chain).isNotNull().hasSize(2);
		JsonNode next = chain.get(chain.size() - 1);
		assertThat(next.get("task").asString()).isEqualTo("peer.mul");
		assertThat(next.get("args")).isEqualTo(array(3));
		assertThat(next.get("options").get("task_id").asString()).isEqualTo("0c3e69f9-5c83-40f4-81c7-48cb4ad14fef");
		JsonNode last = chain.get(0);
		assertThat(last.get("task").asString()).isEqualTo("peer.add");
		assertThat(last.get("args")).isEqualTo(array(4));
		assertThat(last.get("options").get("task_id").asString()).isEqualTo("9386c8e4-f96e-4fd7-9789-2aa5f91e3038");
		assertThat(message.args()).isEqualTo(array(1, 2));
	}

	@Test
	void carriesChordBodyGroupAndGroupIndexOfChordHeaderMembers() {
		List<Golden> members = WireFixtures.goldens("task_chord2_header.json");
		assertThat(members).hasSize(2);
		TaskMessage second = members.get(0).decode();
		TaskMessage first = members.get(1).decode();
		assertThat(second.groupIndex()).isEqualTo(1);
		assertThat(first.groupIndex()).isEqualTo(0);
		for (TaskMessage member : List.of(first, second)) {
			assertThat(member.group()).isEqualTo("a22a70b7-d8ba-4d11-b684-90b777372ca1");
			ObjectNode chord = member.chord();
			assertThat(chord).isNotNull();
			assertThat(chord.get("task").asString()).isEqualTo("peer.xsum");
			assertThat(chord.get("options").get("task_id").asString())
				.isEqualTo("40d43875-e603-4991-988a-0aa7211bfb6b");
			assertThat(chord.get("immutable").asBoolean()).isFalse();
		}
		assertThat(first.args()).isEqualTo(array(1, 1));
		assertThat(second.args()).isEqualTo(array(2, 2));
	}

	@Test
	void readsGroupWithoutIndexForPlainGroupMembers() {
		List<Golden> members = WireFixtures.goldens("task_group2_members.json");
		assertThat(members).hasSize(2);
		for (Golden golden : members) {
			TaskMessage member = golden.decode();
			assertThat(member.group()).isEqualTo("8955a254-d48d-46fe-a91b-f50610aac39e");
			assertThat(member.groupIndex()).isNull();
			assertThat(member.chord()).isNull();
		}
	}

	@Test
	void turnsLinkAndLinkErrorIntoCallbacksAndErrbacks() {
		TaskMessage message = WireFixtures.golden("task_link_link_error.json").decode();
		assertThat(message.callbacks()).hasSize(1);
		assertThat(message.callbacks().get(0).get("task").asString()).isEqualTo("peer.mul");
		assertThat(message.callbacks().get(0).get("args")).isEqualTo(array(10));
		assertThat(message.errbacks()).hasSize(1);
		assertThat(message.errbacks().get(0).get("task").asString()).isEqualTo("peer.on_error");
		assertThat(message.chain()).isNull();
	}

	@Test
	void readsRetryCountParentAndEtaOfRepublishedRetry() {
		TaskMessage message = WireFixtures.golden("task_retry_republished.json").decode();
		assertThat(message.retries()).isEqualTo(1);
		assertThat(message.parentId()).isEqualTo(message.id());
		assertThat(message.rootId()).isEqualTo(message.id());
		assertThat(message.eta()).isEqualTo(Instant.parse("2026-11-24T17:28:18.181121Z"));
		assertThat(message.args()).isEqualTo(array(7));
	}

	@Test
	void decodesTaskSentByNameWithArgsAndKwargs() {
		TaskMessage message = WireFixtures.golden("task_send_task_by_name.json").decode();
		assertThat(message.task()).isEqualTo("java.hello");
		assertThat(message.args()).hasSize(1);
		assertThat(message.args().get(0).asString()).isEqualTo("world");
		assertThat(message.kwargs().get("n").asInt()).isEqualTo(1);
	}

	@Test
	void readsRoutingKeyOfCustomQueue() {
		Envelope envelope = Envelope.parse(WireFixtures.golden("task_custom_queue.json").raw());
		assertThat(envelope.exchange()).isEmpty();
		assertThat(envelope.routingKey()).isEqualTo("java.q");
	}

	@Test
	void decodesErrbackPublishedByPythonWorkerWithFailedIdFirst() {
		Golden errback = WireFixtures.goldens("task_link_callbacks_as_sent_by_worker.json").get(0);
		TaskMessage message = errback.decode();
		assertThat(message.task()).isEqualTo("java.on_error");
		assertThat(message.args().get(0).asString()).isEqualTo("00c25892-641e-4a5e-b99f-f82451d9ac12");
		assertThat(message.args().get(1).asString()).isEqualTo("extra");
		assertThat(message.parentId()).isEqualTo("00c25892-641e-4a5e-b99f-f82451d9ac12");
		assertThat(message.group()).isEqualTo("066415f0-a6cf-41a6-a75c-eb0dbb93def4");
	}

	@Test
	void decodesMinimalHandMadeEnvelopeAcceptedByPython() {
		TaskMessage message = rawCase("minimal");
		assertThat(message.id()).isEqualTo("raw-minimal-f1e7bd96");
		assertThat(message.args()).isEqualTo(array(2, 3));
		assertThat(message.callbacks()).isNull();
		assertThat(message.chain()).isNull();
		assertThat(message.retries()).isZero();
		assertThat(message.rootId()).isNull();
		assertThat(message.timeLimit()).isNull();
	}

	@Test
	void acceptsNullEmbed() {
		TaskMessage message = rawCase("embed_null");
		assertThat(message.args()).isEqualTo(array(2, 3));
		assertThat(message.callbacks()).isNull();
		assertThat(message.errbacks()).isNull();
		assertThat(message.chain()).isNull();
		assertThat(message.chord()).isNull();
	}

	@Test
	void acceptsBodyThatIsNotBase64() {
		JsonNode envelope = WireFixtures.read("raw_messages.json").get("body_not_base64").get("sent_envelope");
		assertThat(envelope.get("properties").has("body_encoding")).isFalse();
		assertThat(WireFixtures.decode(envelope).args()).isEqualTo(array(2, 3));
	}

	@Test
	void decodesKwargsOnlyCall() {
		TaskMessage message = rawCase("kwargs_only");
		assertThat(message.args().isEmpty()).isTrue();
		assertThat(message.kwargs().get("x").asInt()).isEqualTo(4);
		assertThat(message.kwargs().get("y").asInt()).isEqualTo(5);
	}

	@Test
	void readsNaiveEtaAsUtc() {
		assertThat(rawCase("eta_naive_past").eta()).isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
	}

	@Test
	void readsEtaWithoutFraction() {
		assertThat(rawCase("eta_utc_future_2s").eta()).isEqualTo(Instant.parse("2026-11-24T17:35:16Z"));
	}

	@Test
	void readsExpiresInThePast() {
		assertThat(rawCase("expires_past").expires()).isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
	}

	@Test
	void keepsUnknownHeadersAndClampsPriority() {
		JsonNode raw = WireFixtures.read("raw_messages.json").get("extra_headers_and_priority_20").get("sent_envelope");
		Envelope envelope = Envelope.parse(WireFixtures.text(raw));
		TaskMessage message = TaskMessageCodec.decode(envelope);
		assertThat(message.headers().get("x_java_trace").asString()).isEqualTo("abc");
		assertThat(message.headers().get("stamps").get("k").asString()).isEqualTo("v");
		assertThat(envelope.priority()).isEqualTo(9);
	}

	@Test
	void keepsExactPriorityNumbersWithinRange() {
		for (int priority : new int[] { 0, 1, 3, 5, 9 }) {
			ObjectNode envelope = WireFixtures.minimalEnvelope("p" + priority, "peer.add", "[[], {}, {}]");
			((ObjectNode) envelope.get("properties")).put("priority", priority);
			assertThat(Envelope.parse(WireFixtures.text(envelope)).priority()).isEqualTo(priority);
		}
		ObjectNode negative = WireFixtures.minimalEnvelope("neg", "peer.add", "[[], {}, {}]");
		((ObjectNode) negative.get("properties")).put("priority", -4);
		assertThat(Envelope.parse(WireFixtures.text(negative)).priority()).isZero();
		ObjectNode missing = WireFixtures.minimalEnvelope("none", "peer.add", "[[], {}, {}]");
		assertThat(Envelope.parse(WireFixtures.text(missing)).priority()).isZero();
	}

	@Test
	void takesTaskIdFromCorrelationIdWhenHeadersLackIt() {
		ObjectNode envelope = WireFixtures.minimalEnvelope("corr-1", "peer.add", "[[], {}, {}]");
		((ObjectNode) envelope.get("headers")).remove("id");
		assertThat(Envelope.parse(WireFixtures.text(envelope)).taskId()).isEqualTo("corr-1");
	}

	@Test
	void decodesProtocolOneMessage() {
		ObjectNode envelope = WireFixtures.minimalEnvelope("v1-id", "ignored", """
				{"task": "peer.add", "id": "v1-id", "args": [2, 3], "kwargs": {"z": 1}, "retries": 2,
				 "eta": "2030-01-02T03:04:05.678000+00:00", "expires": "2030-01-02T04:04:05",
				 "utc": true, "callbacks": [{"task": "peer.mul", "args": [10], "kwargs": {}, "options": {},
				 "subtask_type": null, "immutable": false}], "errbacks": null, "taskset": "g-1",
				 "chord": null, "timelimit": [30, 20]}
				""");
		envelope.putObject("headers");
		TaskMessage message = WireFixtures.decode(envelope);
		assertThat(message.protocol()).isEqualTo(1);
		assertThat(message.id()).isEqualTo("v1-id");
		assertThat(message.task()).isEqualTo("peer.add");
		assertThat(message.args()).isEqualTo(array(2, 3));
		assertThat(message.kwargs().get("z").asInt()).isEqualTo(1);
		assertThat(message.retries()).isEqualTo(2);
		assertThat(message.eta()).isEqualTo(Instant.parse("2030-01-02T03:04:05.678Z"));
		assertThat(message.expires()).isEqualTo(Instant.parse("2030-01-02T04:04:05Z"));
		assertThat(message.callbacks()).hasSize(1);
		assertThat(message.errbacks()).isNull();
		assertThat(message.chain()).isNull();
		assertThat(message.group()).isEqualTo("g-1");
		assertThat(message.timeLimit()).isEqualTo(30.0);
		assertThat(message.softTimeLimit()).isEqualTo(20.0);
		assertThat(message.rootId()).isEqualTo("v1-id");
	}

	@Test
	void decodesProtocolOneMessageWithoutArgsOrKwargs() {
		ObjectNode envelope = WireFixtures.minimalEnvelope("v1-bare", "ignored",
				"{\"task\": \"peer.noop\", \"id\": \"v1-bare\"}");
		((ObjectNode) envelope.get("headers")).remove("task");
		TaskMessage message = WireFixtures.decode(envelope);
		assertThat(message.protocol()).isEqualTo(1);
		assertThat(message.task()).isEqualTo("peer.noop");
		assertThat(message.args().isEmpty()).isTrue();
		assertThat(message.kwargs().isEmpty()).isTrue();
	}

	@Test
	void decodesNanAndInfinityAsPythonJsonWritesThem() {
		TaskMessage message = WireFixtures
			.decode(WireFixtures.minimalEnvelope("nan-1", "peer.add", "[[NaN, Infinity, -Infinity], {}, {}]"));
		assertThat(message.args().get(0).doubleValue()).isNaN();
		assertThat(message.args().get(1).doubleValue()).isEqualTo(Double.POSITIVE_INFINITY);
		assertThat(message.args().get(2).doubleValue()).isEqualTo(Double.NEGATIVE_INFINITY);
	}

	private static TaskMessage rawCase(String name) {
		return WireFixtures.decode(WireFixtures.read("raw_messages.json").get(name).get("sent_envelope"));
	}

	private static JsonNode nullable(JsonNode node) {
		return (node != null) ? node : WireJson.NODES.nullNode();
	}

	private static ArrayNode array(int... values) {
		ArrayNode array = WireJson.NODES.arrayNode();
		for (int value : values) {
			array.add(value);
		}
		return array;
	}

}
