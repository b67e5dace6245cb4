package io.celeryapi.internal.protocol;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Messages a worker cannot run are refused with what they revealed: the task id and name
 * when known, and the exception type a FAILURE result reports.
 */
class MalformedMessageTests {

	@Test
	void refusesEnvelopeThatIsNotJson() {
		MalformedMessageException ex = catchThrowableOfType(MalformedMessageException.class,
				() -> Envelope.parse("{\"body\": \"W10=\", "));
		assertThat(ex.getExcType()).isEqualTo("DecodeError");
		assertThat(ex.getMessage()).startsWith("message is not valid JSON");
		assertThat(ex.getTaskId()).isNull();
		assertThat(ex.getTaskName()).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "[1, 2]", "\"text\"", "42", "null" })
	void refusesEnvelopeThatIsNotAnObject(String raw) {
		MalformedMessageException ex = catchThrowableOfType(MalformedMessageException.class,
				() -> Envelope.parse(raw));
		assertThat(ex.getExcType()).isEqualTo("DecodeError");
		assertThat(ex.getMessage()).isEqualTo("message is not a JSON object");
	}

	@Test
	void refusesTwoElementBodyThatKillsPythonWorkers() {
		MalformedMessageException ex = rawCase("body_two_elements");
		assertThat(ex.getExcType()).isEqualTo("DecodeError");
		assertThat(ex.getTaskId()).isEqualTo("raw-body_two_elements-8f9fcbdb");
		assertThat(ex.getTaskName()).isEqualTo("peer.add");
		assertThat(ex.getMessage()).contains("[args, kwargs, embed]").contains("an array of 2");
	}

	@Test
	void refusesBodyThatIsAnObjectInProtocolTwo() {
		MalformedMessageException ex = decodeFailure(
				WireFixtures.minimalEnvelope("obj-body", "peer.add", "{\"args\": [1]}"));
		assertThat(ex.getExcType()).isEqualTo("DecodeError");
		assertThat(ex.getTaskId()).isEqualTo("obj-body");
		assertThat(ex.getMessage()).contains("[args, kwargs, embed]").contains("object");
	}

	@Test
	void reportsKwargsListAsTypeErrorWithKnownId() {
		MalformedMessageException ex = rawCase("kwargs_not_mapping");
		assertThat(ex.getExcType()).isEqualTo("TypeError");
		assertThat(ex.getTaskId()).isEqualTo("raw-kwargs_not_mapping-efa44331");
		assertThat(ex.getTaskName()).isEqualTo("peer.add");
		assertThat(ex.getMessage()).contains("kwargs must be a mapping");
	}

	@Test
	void refusesArgsThatAreNotAList() {
		MalformedMessageException ex = decodeFailure(
				WireFixtures.minimalEnvelope("args-dict", "peer.add", "[{\"x\": 1}, {}, {}]"));
		assertThat(ex.getExcType()).isEqualTo("DecodeError");
		assertThat(ex.getTaskId()).isEqualTo("args-dict");
		assertThat(ex.getMessage()).isEqualTo("args must be a list");
	}

	@Test
	void refusesEmbedThatIsNotAnObject() {
		MalformedMessageException ex = decodeFailure(
				WireFixtures.minimalEnvelope("embed-list", "peer.add", "[[], {}, []]"));
		assertThat(ex.getExcType()).isEqualTo("DecodeError");
		assertThat(ex.getMessage()).isEqualTo("embed must be an object");
	}

	@Test
	void refusesMissingContentTypeWithKnownId() {
		MalformedMessageException ex = rawCase("no_content_type");
		assertThat(ex.getExcType()).isEqualTo("DecodeError");
		assertThat(ex.getTaskId()).isEqualTo("raw-no_content_type-9a7d72e8");
		assertThat(ex.getTaskName()).isEqualTo("peer.add");
		assertThat(ex.getMessage()).contains("content-type");
	}

	@ParameterizedTest
	@ValueSource(strings = { "application/x-python-serialize", "application/x-yaml", "application/x-java-object",
			"application/x-msgpack", "application/data" })
	void refusesOtherSerializersAsContentDisallowed(String contentType) {
		ObjectNode envelope = WireFixtures.minimalEnvelope("ct-1", "peer.add", "[[2, 3], {}, {}]");
		envelope.put("content-type", contentType);
		MalformedMessageException ex = decodeFailure(envelope);
		assertThat(ex.getExcType()).isEqualTo("ContentDisallowed");
		assertThat(ex.getTaskId()).isEqualTo("ct-1");
		assertThat(ex.getTaskName()).isEqualTo("peer.add");
		assertThat(ex.getMessage()).contains(contentType);
	}

	@Test
	void refusesCapturedUnknownContentType() {
		MalformedMessageException ex = rawCase("content_type_unknown");
		assertThat(ex.getExcType()).isEqualTo("ContentDisallowed");
		assertThat(ex.getTaskId()).isEqualTo("raw-content_type_unknown-7db7c006");
	}

	@Test
	void refusesPickleBeforeLookingAtItsBody() {
		ObjectNode envelope = WireFixtures.minimalEnvelope("pickle-1", "peer.add", "ignored");
		envelope.put("content-type", "application/x-python-serialize");
		envelope.put("body", "gASVBQAAAAAAAACMAWGULg==");
		assertThat(decodeFailure(envelope).getExcType()).isEqualTo("ContentDisallowed");
	}

	@Test
	void refusesInvalidBase64() {
		ObjectNode envelope = WireFixtures.minimalEnvelope("b64-1", "peer.add", "[[], {}, {}]");
		envelope.put("body", "W1syLCAzXSwge30sIHt9XQ=x");
		MalformedMessageException ex = decodeFailure(envelope);
		assertThat(ex.getExcType()).isEqualTo("DecodeError");
		assertThat(ex.getTaskId()).isEqualTo("b64-1");
		assertThat(ex.getMessage()).startsWith("body is not valid base64");
	}

	@Test
	void refusesBodyThatIsNotJson() {
		ObjectNode envelope = WireFixtures.minimalEnvelope("json-1", "peer.add", "[[2, 3], {},");
		MalformedMessageException ex = decodeFailure(envelope);
		assertThat(ex.getExcType()).isEqualTo("DecodeError");
		assertThat(ex.getTaskId()).isEqualTo("json-1");
		assertThat(ex.getMessage()).startsWith("body is not valid JSON");
	}

	@Test
	void refusesEnvelopeWithoutBody() {
		ObjectNode envelope = WireFixtures.minimalEnvelope("nobody-1", "peer.add", "[[], {}, {}]");
		envelope.remove("body");
		MalformedMessageException ex = decodeFailure(envelope);
		assertThat(ex.getTaskId()).isEqualTo("nobody-1");
		assertThat(ex.getMessage()).isEqualTo("message has no body");
	}

	@Test
	void refusesHeadersWithTaskButWithoutId() {
		ObjectNode envelope = WireFixtures.minimalEnvelope("corr-2", "peer.add", "[[], {}, {}]");
		((ObjectNode) envelope.get("headers")).remove("id");
		MalformedMessageException ex = decodeFailure(envelope);
		assertThat(ex.getMessage()).isEqualTo("headers must carry task and id");
		assertThat(ex.getTaskId()).isEqualTo("corr-2");
	}

	@Test
	void refusesInvalidEtaWithKnownId() {
		ObjectNode envelope = WireFixtures.minimalEnvelope("eta-1", "peer.add", "[[], {}, {}]");
		((ObjectNode) envelope.get("headers")).put("eta", "tomorrow");
		MalformedMessageException ex = decodeFailure(envelope);
		assertThat(ex.getExcType()).isEqualTo("DecodeError");
		assertThat(ex.getTaskId()).isEqualTo("eta-1");
		assertThat(ex.getMessage()).contains("invalid time").contains("tomorrow");
	}

	@Test
	void refusesProtocolOneBodyThatIsNotAnObject() {
		ObjectNode envelope = WireFixtures.minimalEnvelope("v1-list", "peer.add", "[[], {}, {}]");
		((ObjectNode) envelope.get("headers")).remove("task");
		MalformedMessageException ex = decodeFailure(envelope);
		assertThat(ex.getMessage()).isEqualTo("protocol 1 body must be an object");
		assertThat(ex.getTaskId()).isEqualTo("v1-list");
		assertThat(ex.getTaskName()).isNull();
	}

	@Test
	void refusesProtocolOneBodyWithoutTaskName() {
		ObjectNode envelope = WireFixtures.minimalEnvelope("v1-nameless", "peer.add", "{\"id\": \"v1-nameless\"}");
		((ObjectNode) envelope.get("headers")).remove("task");
		assertThat(decodeFailure(envelope).getMessage()).isEqualTo("protocol 1 body must carry task and id");
	}

	@Test
	void reportsProtocolOneKwargsListAsTypeError() {
		ObjectNode envelope = WireFixtures.minimalEnvelope("v1-kw", "peer.add",
				"{\"task\": \"peer.add\", \"id\": \"v1-kw\", \"args\": [], \"kwargs\": [1]}");
		((ObjectNode) envelope.get("headers")).remove("task");
		MalformedMessageException ex = decodeFailure(envelope);
		assertThat(ex.getExcType()).isEqualTo("TypeError");
		assertThat(ex.getTaskId()).isEqualTo("v1-kw");
	}

	@Test
	void leavesMissingDeliveryTagToTheConsumer() {
		JsonNode raw = WireFixtures.read("raw_messages.json").get("no_delivery_tag").get("sent_envelope");
		Envelope envelope = Envelope.parse(WireFixtures.text(raw));
		assertThat(envelope.deliveryTag()).isNull();
		MalformedMessageException ex = envelope.malformedNoTag();
		assertThat(ex.getTaskId()).isEqualTo("raw-no_delivery_tag-0cd3ede1");
		assertThat(ex.getTaskName()).isEqualTo("peer.add");
		assertThat(ex.getMessage()).contains("delivery_tag");
	}

	@Test
	void readsMissingDeliveryInfoAsDefaultExchangeWithoutRoutingKey() {
		JsonNode raw = WireFixtures.read("raw_messages.json").get("no_delivery_info").get("sent_envelope");
		Envelope envelope = Envelope.parse(WireFixtures.text(raw));
		assertThat(envelope.exchange()).isEmpty();
		assertThat(envelope.routingKey()).isNull();
	}

	private static MalformedMessageException rawCase(String name) {
		return decodeFailure(WireFixtures.read("raw_messages.json").get(name).get("sent_envelope"));
	}

	private static MalformedMessageException decodeFailure(JsonNode envelope) {
		MalformedMessageException ex = catchThrowableOfType(MalformedMessageException.class,
				() -> WireFixtures.decode(envelope));
		assertThat(ex).as("decoding %s should fail", envelope).isNotNull();
		return ex;
	}

}
