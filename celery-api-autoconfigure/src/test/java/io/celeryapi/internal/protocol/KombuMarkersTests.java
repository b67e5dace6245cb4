package io.celeryapi.internal.protocol;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * kombu 5.3+ type markers in task arguments, unwrapped while decoding.
 */
class KombuMarkersTests {

	@Test
	void unwrapsCapturedDatetimeMarkerArgument() {
		TaskMessage message = WireFixtures.decode(
				WireFixtures.read("raw_messages.json").get("kombu53_datetime_marker_arg").get("sent_envelope"));
		assertThat(message.args()).hasSize(1);
		assertThat(message.args().get(0).isString()).isTrue();
		assertThat(message.args().get(0).asString()).isEqualTo("2024-01-02T03:04:05+00:00");
	}

	@Test
	void unwrapsDateAndTimeMarkersToIsoText() {
		TaskMessage message = decode("""
				[[{"__type__": "date", "__value__": "2024-01-02"},
				  {"__type__": "time", "__value__": "03:04:05.000006"}],
				 {}, {}]""");
		assertThat(message.args().get(0).asString()).isEqualTo("2024-01-02");
		assertThat(message.args().get(1).asString()).isEqualTo("03:04:05.000006");
	}

	@Test
	void unwrapsDecimalMarkerToExactText() {
		TaskMessage message = decode("""
				[[], {"amount": {"__type__": "decimal", "__value__": "12.345678901234567890123"}}, {}]""");
		JsonNode amount = message.kwargs().get("amount");
		assertThat(amount.isString()).isTrue();
		assertThat(amount.asString()).isEqualTo("12.345678901234567890123");
	}

	@Test
	void unwrapsUuidMarkerToCanonicalUuidText() {
		TaskMessage message = decode("""
				[[{"__type__": "uuid", "__value__": {"hex": "0123456789abcdef0123456789abcdef", "version": 4}}],
				 {}, {}]""");
		assertThat(message.args().get(0).asString()).isEqualTo("01234567-89ab-cdef-0123-456789abcdef");
	}

	@Test
	void keepsUuidMarkerWithPlainTextValue() {
		TaskMessage message = decode("""
				[[{"__type__": "uuid", "__value__": "01234567-89ab-cdef-0123-456789abcdef"}], {}, {}]""");
		assertThat(message.args().get(0).asString()).isEqualTo("01234567-89ab-cdef-0123-456789abcdef");
	}

	@Test
	void unwrapsBytesAndBase64Markers() {
		TaskMessage message = decode("""
				[[{"__type__": "bytes", "__value__": "caf\\u00e9"}, {"__type__": "base64", "__value__": "/w=="}],
				 {}, {}]""");
		assertThat(message.args().get(0).asString()).isEqualTo("café");
		assertThat(message.args().get(1).asString()).isEqualTo("/w==");
	}

	@Test
	void unwrapsMarkersNestedInListsAndObjects() {
		TaskMessage message = decode("""
				[[[{"__type__": "decimal", "__value__": "1.5"}, 2]],
				 {"order": {"placed": {"__type__": "datetime", "__value__": "2024-01-02T03:04:05"},
				  "lines": [{"price": {"__type__": "decimal", "__value__": "0.10"}}]}}, {}]""");
		assertThat(message.args().get(0).get(0).asString()).isEqualTo("1.5");
		assertThat(message.args().get(0).get(1).asInt()).isEqualTo(2);
		JsonNode order = message.kwargs().get("order");
		assertThat(order.get("placed").asString()).isEqualTo("2024-01-02T03:04:05");
		assertThat(order.get("lines").get(0).get("price").asString()).isEqualTo("0.10");
	}

	@Test
	void leavesObjectsWithMoreKeysThanAMarkerAlone() {
		TaskMessage message = decode("""
				[[{"__type__": "decimal", "__value__": "1.5", "extra": true}], {}, {}]""");
		JsonNode arg = message.args().get(0);
		assertThat(arg.isObject()).isTrue();
		assertThat(arg.size()).isEqualTo(3);
	}

	@Test
	void refusesUnknownMarkerWithKnownTaskId() {
		MalformedMessageException ex = catchThrowableOfType(MalformedMessageException.class,
				() -> decode("[[{\"__type__\": \"pickle\", \"__value__\": \"x\"}], {}, {}]"));
		assertThat(ex.getExcType()).isEqualTo("DecodeError");
		assertThat(ex.getTaskId()).isEqualTo("marker-1");
		assertThat(ex.getTaskName()).isEqualTo("peer.echo");
		assertThat(ex.getMessage()).contains("pickle");
	}

	@Test
	void refusesUnknownMarkerInKwargs() {
		MalformedMessageException ex = catchThrowableOfType(MalformedMessageException.class,
				() -> decode("[[], {\"x\": {\"__type__\": \"set\", \"__value__\": [1]}}, {}]"));
		assertThat(ex.getTaskId()).isEqualTo("marker-1");
		assertThat(ex.getMessage()).contains("set");
	}

	@Test
	void reportsKwargsThatAreThemselvesAMarkerAsTypeError() {
		MalformedMessageException ex = catchThrowableOfType(MalformedMessageException.class,
				() -> decode("[[], {\"__type__\": \"decimal\", \"__value__\": \"1.5\"}, {}]"));
		assertThat(ex.getExcType()).isEqualTo("TypeError");
		assertThat(ex.getTaskId()).isEqualTo("marker-1");
		assertThat(ex.getMessage()).contains("kwargs must be a mapping");
	}

	@Test
	void refusesUuidMarkerWithInvalidHex() {
		MalformedMessageException ex = catchThrowableOfType(MalformedMessageException.class,
				() -> decode("[[{\"__type__\": \"uuid\", \"__value__\": {\"hex\": \"xyz\"}}], {}, {}]"));
		assertThat(ex.getExcType()).isEqualTo("DecodeError");
		assertThat(ex.getTaskId()).isEqualTo("marker-1");
	}

	private static TaskMessage decode(String body) {
		return WireFixtures.decode(WireFixtures.minimalEnvelope("marker-1", "peer.echo", body));
	}

}
