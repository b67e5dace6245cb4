package io.celeryapi.internal.client;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.celeryapi.internal.TaskPublisher;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The arguments of a call become JSON exactly as the application's mapper writes them,
 * including the calls without any (which skip the mapper).
 */
class ArgumentTreesTests {

	private final OfflinePublisher offline = new OfflinePublisher();

	private final TaskPublisher publisher = this.offline.publisher();

	private final JsonMapper mapper = this.publisher.mapper();

	@AfterEach
	void close() {
		this.offline.close();
	}

	@Test
	void noArgumentsAreAnEmptyArrayAndObject() {
		assertThat(this.publisher.argsTree(List.of())).isEqualTo(this.mapper.valueToTree(List.of())).isEmpty();
		assertThat(this.publisher.kwargsTree(Map.of())).isEqualTo(this.mapper.valueToTree(Map.of())).isEmpty();
		assertThat(this.publisher.argsTree(List.of()).toString()).isEqualTo("[]");
		assertThat(this.publisher.kwargsTree(Map.of()).toString()).isEqualTo("{}");
	}

	@Test
	void everyCallGetsItsOwnTree() {
		this.publisher.kwargsTree(Map.of()).put("leak", 1);
		this.publisher.argsTree(List.of()).add(1);
		assertThat(this.publisher.kwargsTree(Map.of())).isEmpty();
		assertThat(this.publisher.argsTree(List.of())).isEmpty();
	}

	@Test
	void argumentsAreWrittenByTheMapper() {
		Map<String, Object> kwargs = new LinkedHashMap<>();
		kwargs.put("amount", new BigDecimal("10.50"));
		kwargs.put("on", LocalDate.of(2026, 11, 25));
		kwargs.put("none", null);
		List<Object> args = Arrays.asList(1, "two", null, List.of(3.5));
		assertThat(this.publisher.argsTree(args)).isEqualTo(this.mapper.valueToTree(args));
		assertThat(this.publisher.kwargsTree(kwargs)).isEqualTo(this.mapper.valueToTree(kwargs));
		assertThat(this.publisher.kwargsTree(kwargs).get("on").asString()).isEqualTo("2026-11-25");
	}

}
