package io.celeryapi.internal.protocol;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import io.celeryapi.core.CeleryRemoteException;
import io.celeryapi.core.TaskState;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Result metadata as Celery's Redis backend stores it.
 */
class ResultMetaTests {

	static Stream<Arguments> capturedResults() {
		List<Arguments> all = new ArrayList<>();
		List<String> paths = new ArrayList<>();
		WireFixtures.files("results", "").forEach((file) -> paths.add("results/" + file));
		WireFixtures.files("examples", "result_").forEach((file) -> paths.add("examples/" + file));
		assertThat(paths).hasSizeGreaterThanOrEqualTo(37);
		for (String path : paths) {
			for (Map.Entry<String, JsonNode> meta : WireFixtures.storedMetas(path)) {
				all.add(Arguments.of(path + " " + meta.getKey(), meta.getKey(), meta.getValue()));
			}
		}
		assertThat(all).hasSizeGreaterThan(40);
		return all.stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("capturedResults")
	void parsesEveryCapturedResult(String name, String taskId, JsonNode stored) {
		ResultMeta meta = ResultMeta.parse(taskId, WireJson.MAPPER.writeValueAsString(stored));
		assertThat(meta.taskId()).isEqualTo(taskId);
		assertThat(meta.state().name()).isEqualTo(stored.get("status").asString());
		assertThat(meta.result()).isEqualTo(stored.get("result"));
		assertThat(meta.traceback()).isEqualTo(WireJson.text(stored, "traceback"));
		assertThat(stored.get("task_id").asString()).isEqualTo(taskId);
	}

	@Test
	void parsesCapturedSuccess() {
		ResultMeta meta = stored("examples/result_success.json", "a6b06472-2aa6-4a4e-8fc3-b916fc599fb4");
		assertThat(meta.state()).isEqualTo(TaskState.SUCCESS);
		assertThat(meta.result().asInt()).isEqualTo(5);
		assertThat(meta.traceback()).isNull();
	}

	@Test
	void parsesCapturedStartedWhileRunning() {
		ResultMeta meta = stored("examples/result_started_extended.json", "26a1afb1-313b-48cf-bd49-2f018123b7f7",
				TaskState.STARTED);
		assertThat(meta.result().get("pid").asInt()).isEqualTo(11361);
		assertThat(meta.result().get("hostname").asString()).isEqualTo("peer@testhost");
		assertThat(meta.state().isReady()).isFalse();
	}

	@Test
	void turnsCapturedFailureIntoRemoteException() {
		ResultMeta meta = stored("examples/result_failure.json", "3f5bed0d-96dc-4053-9fc4-47a7f2cd35ca");
		assertThat(meta.state()).isEqualTo(TaskState.FAILURE);
		CeleryRemoteException ex = meta.toException();
		assertThat(ex.getTaskId()).isEqualTo("3f5bed0d-96dc-4053-9fc4-47a7f2cd35ca");
		assertThat(ex.getState()).isEqualTo(TaskState.FAILURE);
		assertThat(ex.getExcType()).isEqualTo("ValueError");
		assertThat(ex.getExcModule()).isEqualTo("builtins");
		assertThat(ex.getExcArgs()).containsExactly("boom");
		assertThat(ex.getRemoteMessage()).isEqualTo("boom");
		assertThat(ex.getRemoteTraceback()).startsWith("Traceback (most recent call last):")
			.contains("ValueError: boom");
		assertThat(ex.getMessage()).contains("ValueError").contains("boom").contains(meta.taskId());
	}

	@Test
	void keepsAllArgumentsOfCustomException() {
		CeleryRemoteException ex = stored("examples/result_failure_custom_exception.json",
				"f1a19886-4e71-47f6-9874-39232054aa6a")
			.toException();
		assertThat(ex.getExcType()).isEqualTo("PeerError");
		assertThat(ex.getExcModule()).isEqualTo("peerapp");
		assertThat(ex.getExcArgs()).containsExactly("custom boom", "42");
		assertThat(ex.getRemoteMessage()).contains("custom boom").contains("42");
	}

	@Test
	void turnsCapturedExpiryIntoRevokedException() {
		ResultMeta meta = stored("examples/result_revoked_expired.json", "cf6faa00-4316-4d6e-9805-da4855c50c1f");
		assertThat(meta.state()).isEqualTo(TaskState.REVOKED);
		CeleryRemoteException ex = meta.toException();
		assertThat(ex.getState()).isEqualTo(TaskState.REVOKED);
		assertThat(ex.getExcType()).isEqualTo("TaskRevokedError");
		assertThat(ex.getExcModule()).isEqualTo("celery.exceptions");
		assertThat(ex.getRemoteMessage()).isEqualTo("expired");
		assertThat(ex.getRemoteTraceback()).isNull();
	}

	@Test
	void turnsCapturedUnregisteredTaskIntoNotRegistered() {
		CeleryRemoteException ex = stored("examples/result_failure_not_registered.json",
				"70187e0b-76b4-47e3-826e-46e7fb134619")
			.toException();
		assertThat(ex.getExcType()).isEqualTo("NotRegistered");
		assertThat(ex.getRemoteMessage()).isEqualTo("java.not_registered");
	}

	@Test
	void turnsCapturedChordFailureIntoChordError() {
		CeleryRemoteException ex = stored("examples/result_chord_failure.json",
				"0e3e60bd-e1b0-4b7d-bca2-e9d961d3493f")
			.toException();
		assertThat(ex.getExcType()).isEqualTo("ChordError");
		assertThat(ex.getRemoteMessage())
			.isEqualTo("Dependency e31c1a74-72c9-4f59-b33e-efa88c55e76b raised ValueError('header fails')");
	}

	@Test
	void decodesStoredExceptionsAsTheyAreStored() {
		JsonNode cases = WireFixtures.read("exception_decoding.json");
		assertThat(exception(cases, "java_class_simple_name").getExcType()).isEqualTo("IllegalStateException");
		assertThat(exception(cases, "java_class_simple_name").getExcModule()).isEqualTo("java.lang");
		assertThat(exception(cases, "java_class_simple_name").getRemoteMessage()).isEqualTo("bad state");
		assertThat(exception(cases, "java_fqcn_in_type_no_module").getExcType())
			.isEqualTo("java.lang.IllegalStateException");
		assertThat(exception(cases, "java_fqcn_in_type_no_module").getExcModule()).isNull();
		assertThat(exception(cases, "message_as_string").getExcArgs()).containsExactly("just text");
		assertThat(exception(cases, "message_missing").getExcArgs()).isEmpty();
		assertThat(exception(cases, "message_missing").getRemoteMessage()).isEmpty();
		assertThat(exception(cases, "message_many_args").getExcArgs()).containsExactly("a", "1", "{\"k\":\"v\"}");
		assertThat(exception(cases, "celery_exception").getExcArgs()).containsExactly("30.0");
	}

	@Test
	void reportsResultWithoutExcTypeAsValueError() {
		JsonNode cases = WireFixtures.read("exception_decoding.json");
		CeleryRemoteException ex = exception(cases, "result_is_string");
		assertThat(ex.getExcType()).isEqualTo("ValueError");
		assertThat(ex.getExcModule()).isEqualTo("builtins");
		assertThat(ex.getRemoteMessage()).contains("unrecognised exception").contains("boom");
	}

	@Test
	void reportsStoredGarbageAsDecodeFailure() {
		ResultMeta meta = ResultMeta.parse("t-garbage", "{\"status\": \"SUCC");
		assertThat(meta.state()).isEqualTo(TaskState.FAILURE);
		assertThat(meta.json()).isEqualTo("{\"status\": \"SUCC");
		CeleryRemoteException ex = meta.toException();
		assertThat(ex.getExcType()).isEqualTo("DecodeError");
		assertThat(ex.getRemoteMessage()).startsWith("stored result is not valid JSON");
	}

	@Test
	void parsesNanResultAsPythonJsonWritesIt() {
		ResultMeta meta = ResultMeta.parse("t-nan", "{\"status\": \"SUCCESS\", \"result\": NaN, \"traceback\": null, "
				+ "\"children\": [], \"date_done\": \"2026-11-24T17:28:15.939951\", \"task_id\": \"t-nan\"}");
		assertThat(meta.state()).isEqualTo(TaskState.SUCCESS);
		assertThat(meta.result().doubleValue()).isNaN();
	}

	@Test
	void readsOnlyTheTopLevelFieldsWhateverTheResultHolds() {
		ResultMeta meta = ResultMeta.parse("t-nested", "{\"result\": {\"status\": \"FAILURE\", \"traceback\": \"x\", "
				+ "\"n\": 1.50}, \"children\": [[\"a\", null]], \"status\": \"SUCCESS\", \"traceback\": null}");
		assertThat(meta.state()).isEqualTo(TaskState.SUCCESS);
		assertThat(meta.traceback()).isNull();
		assertThat(meta.result().get("status").asString()).isEqualTo("FAILURE");
		assertThat(meta.result().get("n").decimalValue()).isEqualByComparingTo("1.50");
		assertThat(meta.result().get("n").decimalValue().scale()).isEqualTo(2);
		assertThat(ResultMeta.parse("t-null", "{\"status\": \"SUCCESS\", \"result\": null}").result().isNull())
			.isTrue();
	}

	@Test
	void readsUnusualShapesAsATreeWould() {
		// A number where text belongs, a non-object, an object as traceback, trailing content.
		assertThat(ResultMeta.parse("t-1", "{\"status\": 1, \"traceback\": 2}").traceback()).isEqualTo("2");
		assertThat(ResultMeta.parse("t-1", "[1, 2]").state()).isEqualTo(TaskState.PENDING);
		assertThat(ResultMeta.parse("t-1", "{\"status\": \"SUCCESS\", \"traceback\": {\"a\": 1}}").traceback())
			.isNull();
		assertThat(ResultMeta.parse("t-1", "{\"status\": \"SUCCESS\"} x").state()).isEqualTo(TaskState.FAILURE);
	}

	@Test
	void treatsUnknownStatusAsPending() {
		assertThat(ResultMeta.parse("t-1", "{\"status\": \"SOMETHING\", \"result\": null}").state())
			.isEqualTo(TaskState.PENDING);
		assertThat(ResultMeta.parse("t-1", "{\"result\": 1}").state()).isEqualTo(TaskState.PENDING);
	}

	@Test
	void encodesKeysInCeleryOrder() {
		ObjectNode extended = WireJson.NODES.objectNode();
		extended.put("name", "peer.add");
		extended.set("args", WireJson.NODES.arrayNode().add(2).add(3));
		extended.putObject("kwargs");
		extended.put("worker", "peer@testhost");
		extended.put("retries", 0);
		extended.put("queue", "celery");
		String json = ResultMeta.encode(TaskState.SUCCESS, WireJson.NODES.numberNode(5), null, "t-1", "g-1", "p-1",
				null, extended, Instant.parse("2026-11-24T17:30:30.618746Z"));
		assertThat(keys(json)).containsExactly("status", "result", "traceback", "children", "date_done", "group_id",
				"parent_id", "name", "args", "kwargs", "worker", "retries", "queue", "task_id");
	}

	@Test
	void encodesExactlyTheCapturedSuccess() {
		JsonNode captured = WireFixtures.storedMetas("examples/result_success.json").get(0).getValue();
		String json = ResultMeta.encode(TaskState.SUCCESS, WireJson.NODES.numberNode(5), null,
				"a6b06472-2aa6-4a4e-8fc3-b916fc599fb4", null, null, null, null,
				Instant.parse("2026-11-24T17:28:15.939951Z"));
		assertThat(json).isEqualTo(WireJson.MAPPER.writeValueAsString(captured));
	}

	@Test
	void encodesExactlyTheCapturedExtendedSuccess() {
		JsonNode captured = WireFixtures.storedMetas("examples/result_success_extended.json").get(0).getValue();
		ObjectNode extended = WireJson.NODES.objectNode();
		for (String key : List.of("name", "args", "kwargs", "worker", "retries", "queue")) {
			extended.set(key, captured.get(key));
		}
		String json = ResultMeta.encode(TaskState.SUCCESS, captured.get("result"), null,
				captured.get("task_id").asString(), null, null, null, extended,
				CeleryTimes.parse(captured.get("date_done").asString()));
		assertThat(json).isEqualTo(WireJson.MAPPER.writeValueAsString(captured));
	}

	@Test
	void encodesExactlyTheCapturedChainLinkWithChildrenAndParent() {
		JsonNode captured = WireFixtures.read("examples/result_chain3_children.json")
			.get("backend_db1")
			.get("celery-task-meta-7bc1b029-7e24-4a34-843f-be96f9d644ec")
			.get("value");
		String json = ResultMeta.encode(TaskState.SUCCESS, captured.get("result"), null,
				"7bc1b029-7e24-4a34-843f-be96f9d644ec", null, "a79ffe72-3c6e-4ec7-9685-4e6d38e8b532",
				(ArrayNode) captured.get("children"), null, CeleryTimes.parse(captured.get("date_done").asString()));
		assertThat(json).isEqualTo(WireJson.MAPPER.writeValueAsString(captured));
	}

	@Test
	void encodesExactlyTheCapturedGroupMember() {
		JsonNode captured = WireFixtures.read("examples/result_group_saved.json")
			.get("backend_db1")
			.get("celery-task-meta-a45459cf-cd0e-421a-b6d0-4f784f332fd2")
			.get("value");
		String json = ResultMeta.encode(TaskState.SUCCESS, captured.get("result"), null,
				"a45459cf-cd0e-421a-b6d0-4f784f332fd2", "4b74d34e-7d92-45af-9d5a-6e7943023d8d", null, null, null,
				CeleryTimes.parse(captured.get("date_done").asString()));
		assertThat(json).isEqualTo(WireJson.MAPPER.writeValueAsString(captured));
	}

	@Test
	void encodesExactlyTheCapturedRevokedExpiry() {
		JsonNode captured = WireFixtures.read("examples/result_revoked_expired.json")
			.get("backend_db1")
			.get("celery-task-meta-cf6faa00-4316-4d6e-9805-da4855c50c1f")
			.get("value");
		String json = ResultMeta.encode(TaskState.REVOKED,
				ResultMeta.exception("TaskRevokedError", "celery.exceptions", "expired"), null,
				"cf6faa00-4316-4d6e-9805-da4855c50c1f", null, null, null, null,
				CeleryTimes.parse(captured.get("date_done").asString()));
		assertThat(json).isEqualTo(WireJson.MAPPER.writeValueAsString(captured));
	}

	@Test
	void encodesExactlyTheCapturedStartedMetaWithoutDateDone() {
		JsonNode captured = WireFixtures.read("examples/result_started_extended.json")
			.get("client_saw")
			.get("meta_while_running");
		ObjectNode extended = WireJson.NODES.objectNode();
		for (String key : List.of("name", "args", "kwargs", "worker", "retries", "queue")) {
			extended.set(key, captured.get(key));
		}
		String json = ResultMeta.encode(TaskState.STARTED, captured.get("result"), null,
				captured.get("task_id").asString(), null, null, null, extended, Instant.now());
		assertThat(json).isEqualTo(WireJson.MAPPER.writeValueAsString(captured));
	}

	@ParameterizedTest
	@EnumSource(value = TaskState.class, names = { "STARTED", "RETRY", "PENDING", "RECEIVED" })
	void writesNullDateDoneForStatesThatAreNotReady(TaskState state) {
		String json = ResultMeta.encode(state, null, null, "t-1", null, null, null, null, Instant.now());
		JsonNode meta = WireJson.MAPPER.readTree(json);
		assertThat(meta.has("date_done")).isTrue();
		assertThat(meta.get("date_done").isNull()).isTrue();
		assertThat(meta.get("status").asString()).isEqualTo(state.name());
	}

	@ParameterizedTest
	@EnumSource(value = TaskState.class, names = { "SUCCESS", "FAILURE", "REVOKED" })
	void writesNaiveDateDoneForReadyStates(TaskState state) {
		String json = ResultMeta.encode(state, null, null, "t-1", null, null, null, null,
				Instant.parse("2026-11-24T17:28:16.252446Z"));
		assertThat(WireJson.MAPPER.readTree(json).get("date_done").asString()).isEqualTo("2026-11-24T17:28:16.252446");
	}

	@Test
	void leavesOutGroupAndParentWhenUnset() {
		String json = ResultMeta.encode(TaskState.SUCCESS, WireJson.NODES.numberNode(1), null, "t-1", null, null,
				null, null, Instant.now());
		assertThat(keys(json)).containsExactly("status", "result", "traceback", "children", "date_done", "task_id");
		JsonNode meta = WireJson.MAPPER.readTree(json);
		assertThat(meta.get("children").isArray()).isTrue();
		assertThat(meta.get("children").isEmpty()).isTrue();
		assertThat(meta.get("traceback").isNull()).isTrue();
	}

	@Test
	void roundTripsEncodedFailureThroughParse() {
		String json = ResultMeta.encode(TaskState.FAILURE,
				ResultMeta.exception("IllegalStateException", "java.lang", "bad state"), "trace\n\tat X", "t-2", null,
				null, null, null, Instant.now());
		CeleryRemoteException ex = ResultMeta.parse("t-2", json).toException();
		assertThat(ex.getExcType()).isEqualTo("IllegalStateException");
		assertThat(ex.getExcModule()).isEqualTo("java.lang");
		assertThat(ex.getRemoteMessage()).isEqualTo("bad state");
		assertThat(ex.getRemoteTraceback()).isEqualTo("trace\n\tat X");
	}

	@Test
	void writesExceptionDictLikeCelery() {
		ObjectNode exc = ResultMeta.exception("ValueError", "builtins", "boom");
		JsonNode captured = WireFixtures.storedMetas("examples/result_failure.json").get(0).getValue().get("result");
		assertThat(WireJson.MAPPER.writeValueAsString(exc)).isEqualTo(WireJson.MAPPER.writeValueAsString(captured));
	}

	@Test
	void writesEmptyArgumentListForExceptionWithoutMessage() {
		ObjectNode exc = ResultMeta.exception("NullPointerException", "java.lang", null);
		assertThat(exc.get("exc_message").isArray()).isTrue();
		assertThat(exc.get("exc_message").isEmpty()).isTrue();
	}

	private static CeleryRemoteException exception(JsonNode cases, String name) {
		ObjectNode meta = WireJson.NODES.objectNode();
		meta.put("status", "FAILURE");
		meta.set("result", cases.get(name).get("stored_result"));
		meta.put("traceback", "java.lang.IllegalStateException: bad state\n\tat X");
		return ResultMeta.parse("t-" + name, WireJson.MAPPER.writeValueAsString(meta)).toException();
	}

	private static ResultMeta stored(String path, String taskId) {
		return stored(path, taskId, null);
	}

	private static ResultMeta stored(String path, String taskId, TaskState wanted) {
		for (Map.Entry<String, JsonNode> meta : WireFixtures.storedMetas(path)) {
			if (meta.getKey().equals(taskId)
					&& (wanted == null || wanted.name().equals(meta.getValue().get("status").asString()))) {
				return ResultMeta.parse(taskId, WireJson.MAPPER.writeValueAsString(meta.getValue()));
			}
		}
		throw new IllegalArgumentException("no stored result for " + taskId + " in " + path);
	}

	private static List<String> keys(String json) {
		return new ArrayList<>(WireJson.MAPPER.readTree(json).propertyNames());
	}

}
