package io.celeryapi.internal.protocol;

import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import org.jspecify.annotations.Nullable;

/**
 * The JSON mapper for the wire format itself (envelopes, headers, result metadata). It
 * only ever reads trees, never binds to classes chosen by a message. Task arguments and
 * results are converted with the application's mapper instead.
 */
public final class WireJson {

	/**
	 * Shared mapper; thread-safe and reused so nothing is set up per message. Decimals
	 * stay exact in trees, so that a {@code BigDecimal} argument keeps its scale.
	 * {@code NaN} and {@code Infinity} are read, as Python's {@code json.dumps} writes
	 * them.
	 */
	public static final JsonMapper MAPPER = JsonMapper.builder()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
		.build();

	/** Node factory for building trees. */
	public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private WireJson() {
	}

	/**
	 * The text of a field, or {@code null} when missing, null, or not a scalar.
	 * @param node the object node
	 * @param field the field name
	 * @return the text or {@code null}
	 */
	public static @Nullable String text(@Nullable JsonNode node, String field) {
		if (node == null) {
			return null;
		}
		JsonNode value = node.get(field);
		if (value == null || value.isNull() || value.isContainer()) {
			return null;
		}
		return value.asString();
	}

	/**
	 * Whether a node is absent or JSON null.
	 * @param node the node
	 * @return {@code true} when missing or null
	 */
	public static boolean isNull(@Nullable JsonNode node) {
		return node == null || node.isNull() || node.isMissingNode();
	}

}
