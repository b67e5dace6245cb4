package io.celeryapi.internal.protocol;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Celery's ISO-8601 times, as Python's {@code isoformat()} writes them.
 */
class CeleryTimesTests {

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "2026-11-24T17:28:15.939951, 2026-11-24T17:28:15.939951Z",
			"2026-11-24T17:27:40.270197+00:00, 2026-11-24T17:27:40.270197Z",
			"2026-11-24T17:27:40.270197Z, 2026-11-24T17:27:40.270197Z",
			"2020-01-01T00:00:00, 2020-01-01T00:00:00Z", "2026-11-24T17:35:16+00:00, 2026-11-24T17:35:16Z",
			"2026-11-24T17:35:16Z, 2026-11-24T17:35:16Z", "2030-01-02T03:04:05.678000+00:00, 2030-01-02T03:04:05.678Z",
			"2030-01-02T03:04:05.678, 2030-01-02T03:04:05.678Z",
			"2026-11-24 17:28:15.939951, 2026-11-24T17:28:15.939951Z",
			"2026-11-24T17:28, 2026-11-24T17:28:00Z" })
	void parsesNaiveOffsetAndZuluTimesWithOrWithoutMicros(String text, String expected) {
		assertThat(CeleryTimes.parse(text)).isEqualTo(Instant.parse(expected));
	}

	@Test
	void appliesNonUtcOffsets() {
		assertThat(CeleryTimes.parse("2026-11-24T18:28:15.5+01:00")).isEqualTo(Instant.parse("2026-11-24T17:28:15.5Z"));
		assertThat(CeleryTimes.parse("2026-11-24T12:28:15-05:00")).isEqualTo(Instant.parse("2026-11-24T17:28:15Z"));
		assertThat(CeleryTimes.parse("2026-11-24T12:28:15-0500")).isEqualTo(Instant.parse("2026-11-24T17:28:15Z"));
	}

	@Test
	void parsesEveryCapturedDateDone() {
		for (String file : WireFixtures.files("results", "")) {
			for (var meta : WireFixtures.storedMetas("results/" + file)) {
				String dateDone = WireJson.text(meta.getValue(), "date_done");
				if (dateDone != null) {
					Instant parsed = CeleryTimes.parse(dateDone);
					assertThat(CeleryTimes.formatNaive(parsed)).as(file).isEqualTo(dateDone);
				}
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "tomorrow", "2026-13-01T00:00:00", "2026-11-24", "17:28:15" })
	void refusesTextThatIsNoIsoTime(String text) {
		assertThatExceptionOfType(DateTimeParseException.class).isThrownBy(() -> CeleryTimes.parse(text));
	}

	@Test
	void passesNullThroughParseNullable() {
		assertThat(CeleryTimes.parseNullable(null)).isNull();
		assertThat(CeleryTimes.parseNullable("2020-01-01T00:00:00")).isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
	}

	@Test
	void formatsMicrosecondsLikeIsoformat() {
		assertThat(CeleryTimes.formatNaive(Instant.parse("2026-11-24T17:28:15.939951Z")))
			.isEqualTo("2026-11-24T17:28:15.939951");
		assertThat(CeleryTimes.formatNaive(Instant.parse("2030-01-02T03:04:05.678Z")))
			.isEqualTo("2030-01-02T03:04:05.678000");
		assertThat(CeleryTimes.formatNaive(Instant.parse("2030-01-02T03:04:05.000001Z")))
			.isEqualTo("2030-01-02T03:04:05.000001");
	}

	@Test
	void dropsZeroMicrosecondsLikeIsoformat() {
		assertThat(CeleryTimes.formatNaive(Instant.parse("2020-01-01T00:00:00Z"))).isEqualTo("2020-01-01T00:00:00");
		assertThat(CeleryTimes.formatWithOffset(Instant.parse("2026-11-24T17:35:16Z")))
			.isEqualTo("2026-11-24T17:35:16+00:00");
	}

	@Test
	void truncatesNanosecondsToMicroseconds() {
		assertThat(CeleryTimes.formatNaive(Instant.parse("2030-01-02T03:04:05.123456789Z")))
			.isEqualTo("2030-01-02T03:04:05.123456");
		assertThat(CeleryTimes.formatNaive(Instant.parse("2030-01-02T03:04:05.000000999Z")))
			.isEqualTo("2030-01-02T03:04:05");
	}

	@Test
	void formatsWithOffsetAsCapturedEta() {
		String eta = WireFixtures.golden("task_countdown_expires.json").headers().get("eta").asString();
		assertThat(CeleryTimes.formatWithOffset(CeleryTimes.parse(eta))).isEqualTo(eta);
	}

}
