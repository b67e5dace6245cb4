package io.celeryapi.internal.protocol;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

import org.jspecify.annotations.Nullable;

/**
 * Celery's ISO-8601 times: written with microseconds (dropped when zero, as Python's
 * {@code isoformat()} does), read with or without offset and fraction (naive means UTC).
 */
public final class CeleryTimes {

	private static final DateTimeFormatter PARSER = new DateTimeFormatterBuilder()
		.append(DateTimeFormatter.ISO_LOCAL_DATE)
		.appendLiteral('T')
		.appendValue(ChronoField.HOUR_OF_DAY, 2)
		.appendLiteral(':')
		.appendValue(ChronoField.MINUTE_OF_HOUR, 2)
		.optionalStart()
		.appendLiteral(':')
		.appendValue(ChronoField.SECOND_OF_MINUTE, 2)
		.optionalStart()
		.appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
		.optionalEnd()
		.optionalEnd()
		.optionalStart()
		.appendOffset("+HH:MM", "Z")
		.optionalEnd()
		.optionalStart()
		.appendOffset("+HHMM", "Z")
		.optionalEnd()
		.toFormatter();

	private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

	private CeleryTimes() {
	}

	/**
	 * Parses a Celery time; a value without offset is UTC.
	 * @param text the ISO text
	 * @return the instant
	 * @throws DateTimeParseException when the text is no ISO time
	 */
	public static Instant parse(String text) {
		var parsed = PARSER.parseBest(text.replace(' ', 'T'), OffsetDateTime::from, LocalDateTime::from);
		if (parsed instanceof OffsetDateTime odt) {
			return odt.toInstant();
		}
		return ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
	}

	/**
	 * Parses a Celery time, or returns {@code null} for {@code null}.
	 * @param text the ISO text or {@code null}
	 * @return the instant or {@code null}
	 */
	public static @Nullable Instant parseNullable(@Nullable String text) {
		return (text != null) ? parse(text) : null;
	}

	/**
	 * Formats with a {@code +00:00} offset, as Celery writes {@code eta} and
	 * {@code expires}.
	 * @param instant the time
	 * @return the ISO text
	 */
	public static String formatWithOffset(Instant instant) {
		return formatNaive(instant) + "+00:00";
	}

	/**
	 * Formats as naive UTC, as Celery 5.2 writes {@code date_done}.
	 * @param instant the time
	 * @return the ISO text
	 */
	public static String formatNaive(Instant instant) {
		LocalDateTime utc = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
		int micros = utc.getNano() / 1000;
		if (utc.getYear() < 1 || utc.getYear() > 9999) {
			String seconds = SECONDS.format(utc);
			return (micros != 0) ? seconds + "." + String.format("%06d", micros) : seconds;
		}
		// By hand: every result a worker stores carries one (String.format and the
		// formatter were a tenth of the cost of writing a result).
		StringBuilder text = new StringBuilder(26);
		digits(text, utc.getYear(), 4).append('-');
		digits(text, utc.getMonthValue(), 2).append('-');
		digits(text, utc.getDayOfMonth(), 2).append('T');
		digits(text, utc.getHour(), 2).append(':');
		digits(text, utc.getMinute(), 2).append(':');
		digits(text, utc.getSecond(), 2);
		if (micros != 0) {
			digits(text.append('.'), micros, 6);
		}
		return text.toString();
	}

	private static StringBuilder digits(StringBuilder text, int value, int width) {
		String digits = Integer.toString(value);
		for (int i = digits.length(); i < width; i++) {
			text.append('0');
		}
		return text.append(digits);
	}

}
