package io.celeryapi.internal.worker;

import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.Test;

import io.celeryapi.annotation.Kwarg;
import io.celeryapi.core.TaskContext;
import io.celeryapi.internal.protocol.Envelope;
import io.celeryapi.internal.protocol.TaskMessage;
import io.celeryapi.internal.protocol.TaskMessageCodec;
import io.celeryapi.internal.protocol.WireJson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Binding a message's args and kwargs to a task method, Python style.
 */
class ArgumentBinderTests {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final TaskContext context = new DefaultTaskContext(message("[[], {}, {}]"), "celery", "java@test");

	@Test
	void bindsArgsByPosition() {
		assertThat(bind("add", "[2, 3]", "{}")).containsExactly(2, 3);
	}

	@Test
	void bindsKwargsByParameterName() {
		assertThat(bind("add", "[]", "{\"y\": 5, \"x\": 4}")).containsExactly(4, 5);
	}

	@Test
	void bindsArgsThenKwargs() {
		assertThat(bind("add", "[2]", "{\"y\": 3}")).containsExactly(2, 3);
	}

	@Test
	void reportsTheParameterNamesThatTakeArguments() {
		assertThat(binder("open").parameterNames()).containsExactly("owner", "initial_cents");
		assertThat(binder("contextFirst").parameterNames()).containsExactly("name");
	}

	@Test
	void bindsRenamedKwarg() {
		assertThat(bind("open", "[]", "{\"owner\": \"ann\", \"initial_cents\": 100}")).containsExactly("ann", 100L);
	}

	@Test
	void refusesTheJavaNameOfARenamedKwarg() {
		assertThatArgumentError("open", "[\"ann\"]", "{\"initialCents\": 100}")
			.withMessage("accounts.open() got an unexpected keyword argument 'initialCents'");
	}

	@Test
	void usesJsonDefaultOfKwargWhenNotGiven() {
		assertThat(bind("open", "[\"ann\"]", "{}")).containsExactly("ann", 0L);
		assertThat(bind("greet", "[\"ann\"]", "{}")).containsExactly("ann", "Hello", List.of("x", "y"));
	}

	@Test
	void prefersGivenValueOverKwargDefault() {
		assertThat(bind("greet", "[\"ann\", \"Hi\"]", "{\"tags\": []}")).containsExactly("ann", "Hi", List.of());
	}

	@Test
	void defaultsMissingOptionalToEmpty() {
		assertThat(bind("optional", "[\"ann\"]", "{}")).containsExactly("ann", Optional.empty());
	}

	@Test
	void wrapsGivenOptionalValue() {
		assertThat(bind("optional", "[\"ann\", 5]", "{}")).containsExactly("ann", Optional.of(5));
		assertThat(bind("optional", "[\"ann\"]", "{\"limit\": null}")).containsExactly("ann", Optional.empty());
	}

	@Test
	void passesContextWithoutTakingAnArgument() {
		Object[] values = bind("contextFirst", "[\"ann\"]", "{}");
		assertThat(values).hasSize(2);
		assertThat(values[0]).isSameAs(this.context);
		assertThat(values[1]).isEqualTo("ann");
	}

	@Test
	void skipsContextInTheMiddleWhenBindingByPosition() {
		Object[] values = bind("contextMiddle", "[\"a\", \"b\"]", "{}");
		assertThat(values[0]).isEqualTo("a");
		assertThat(values[1]).isSameAs(this.context);
		assertThat(values[2]).isEqualTo("b");
	}

	@Test
	void doesNotCountContextAsPositionalArgument() {
		assertThatArgumentError("contextFirst", "[\"a\", \"b\"]", "{}")
			.withMessage("t.contextFirst() takes 1 positional argument but 2 were given");
	}

	@Test
	void refusesKwargNamedLikeTheContextParameter() {
		assertThatArgumentError("contextFirst", "[\"a\"]", "{\"ctx\": 1}")
			.withMessage("t.contextFirst() got an unexpected keyword argument 'ctx'");
	}

	@Test
	void convertsRecordsListsAndMaps() {
		Object[] values = bind("order", """
				[[{"sku": "A-1", "qty": 2, "price": 0.10}, {"sku": "B-2", "qty": 1, "price": 12.5}],
				 {"warehouse": [1, 2, 9007199254740993]}]""", "{}");
		assertThat(values[0]).isEqualTo(List.of(new Line("A-1", 2, new BigDecimal("0.10")),
				new Line("B-2", 1, new BigDecimal("12.5"))));
		assertThat(values[1]).isEqualTo(Map.of("warehouse", List.of(1L, 2L, 9007199254740993L)));
	}

	@Test
	void keepsDecimalScaleOfNumbersReadFromTheWire() {
		TaskMessage message = message("[[0.10, \"2024-01-02T03:04:05.123456+00:00\"], {}, {}]");
		Object[] values = binder("money").bind(message.args(), message.kwargs(), this.context);
		assertThat(values[0]).isEqualTo(new BigDecimal("0.10"));
		assertThat(values[1]).isEqualTo(Instant.parse("2024-01-02T03:04:05.123456Z"));
	}

	@Test
	void bindsKombuTypeMarkersToJavaTypes() {
		String bytes = Base64.getEncoder().encodeToString(new byte[] { (byte) 0xff, 0x00 });
		TaskMessage message = message("""
				[[{"__type__": "decimal", "__value__": "19.990"},
				  {"__type__": "datetime", "__value__": "2024-01-02T03:04:05+00:00"},
				  {"__type__": "uuid", "__value__": {"hex": "0123456789abcdef0123456789abcdef", "version": 4}},
				  {"__type__": "date", "__value__": "2024-01-02"},
				  {"__type__": "base64", "__value__": "%s"}],
				 {}, {}]""".formatted(bytes));
		Object[] values = binder("typed").bind(message.args(), message.kwargs(), this.context);
		assertThat(values[0]).isEqualTo(new BigDecimal("19.990"));
		assertThat(values[1]).isEqualTo(Instant.parse("2024-01-02T03:04:05Z"));
		assertThat(values[2]).isEqualTo(UUID.fromString("01234567-89ab-cdef-0123-456789abcdef"));
		assertThat(values[3]).isEqualTo(LocalDate.of(2024, 1, 2));
		assertThat((byte[]) values[4]).containsExactly((byte) 0xff, (byte) 0x00);
	}

	@Test
	void bindsPrimitives() {
		assertThat(bind("primitives", "[true, 0.5, 9007199254740993]", "{}")).containsExactly(true, 0.5,
				9007199254740993L);
	}

	@Test
	void bindsNullToReferenceParameter() {
		assertThat(bind("greet", "[null]", "{}")).containsExactly(null, "Hello", List.of("x", "y"));
	}

	@Test
	void bindsNoArgumentsToMethodWithoutParameters() {
		assertThat(bind("nothing", "[]", "{}")).isEmpty();
	}

	@Test
	void refusesTooManyPositionalArguments() {
		assertThatArgumentError("add", "[1, 2, 3]", "{}")
			.withMessage("t.add() takes 2 positional arguments but 3 were given");
	}

	@Test
	void refusesAnyArgumentForMethodWithoutParameters() {
		assertThatArgumentError("nothing", "[1]", "{}")
			.withMessage("t.nothing() takes 0 positional arguments but 1 was given");
	}

	@Test
	void refusesUnexpectedKwarg() {
		assertThatArgumentError("add", "[1, 2]", "{\"z\": 3}")
			.withMessage("t.add() got an unexpected keyword argument 'z'");
	}

	@Test
	void refusesMultipleValuesForOneArgument() {
		assertThatArgumentError("add", "[1]", "{\"x\": 2}").withMessage("t.add() got multiple values for argument 'x'");
	}

	@Test
	void namesEveryMissingArgument() {
		assertThatArgumentError("add", "[]", "{}").withMessage("t.add() missing 2 required arguments: 'x', 'y'");
		assertThatArgumentError("add", "[1]", "{}").withMessage("t.add() missing 1 required argument: 'y'");
		assertThatArgumentError("open", "[]", "{}").withMessage("accounts.open() missing 1 required argument: 'owner'");
	}

	@Test
	void refusesWrongType() {
		assertThatArgumentError("add", "[\"abc\", 2]", "{}").withMessageStartingWith("t.add() argument 'x' expects int")
			.withMessageContaining("\"abc\"");
		assertThatArgumentError("order", "[[{\"sku\": \"A\", \"qty\": \"many\"}], {}]", "{}")
			.withMessageStartingWith("t.order() argument 'lines' expects java.util.List<");
	}

	@Test
	void shortensHugeValuesInTypeErrors() {
		String huge = "\"" + "x".repeat(500) + "\"";
		assertThatArgumentError("add", "[" + huge + ", 2]", "{}").withMessageEndingWith("...")
			.satisfies((ex) -> assertThat(ex.getMessage()).hasSizeLessThan(200));
	}

	@Test
	void refusesNullForPrimitive() {
		assertThatArgumentError("add", "[null, 2]", "{}").withMessage("t.add() argument 'x' must be a int, not None");
	}

	@Test
	void refusesFractionForIntegralParameter() {
		TaskMessage message = message("[[2.5, 1], {}, {}]");
		assertThatExceptionOfType(TaskArgumentException.class)
			.isThrownBy(() -> binder("add").bind(message.args(), message.kwargs(), this.context))
			.withMessageStartingWith("t.add() argument 'x' expects int");
	}

	@Test
	void acceptsWholeFloatForIntegralParameter() {
		TaskMessage message = message("[[2.0, 1], {}, {}]");
		assertThat(binder("add").bind(message.args(), message.kwargs(), this.context)).containsExactly(2, 1);
	}

	private Object[] bind(String method, String args, String kwargs) {
		return binder(method).bind((ArrayNode) WireJson.MAPPER.readTree(args),
				(ObjectNode) WireJson.MAPPER.readTree(kwargs), this.context);
	}

	private ThrowableAssertAlternative<TaskArgumentException> assertThatArgumentError(String method, String args,
			String kwargs) {
		return assertThatExceptionOfType(TaskArgumentException.class).isThrownBy(() -> bind(method, args, kwargs));
	}

	private static ArgumentBinder binder(String name) {
		Method method = Arrays.stream(Tasks.class.getDeclaredMethods())
			.filter((m) -> m.getName().equals(name))
			.findFirst()
			.orElseThrow();
		return new ArgumentBinder(name.equals("open") ? "accounts.open" : "t." + name, method, MAPPER);
	}

	private static TaskMessage message(String body) {
		ObjectNode envelope = WireJson.NODES.objectNode();
		envelope.put("body", Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)));
		envelope.put("content-type", "application/json");
		envelope.putObject("headers").put("task", "t.any").put("id", "bind-1");
		envelope.putObject("properties").put("body_encoding", "base64").put("delivery_tag", "tag-1");
		return TaskMessageCodec.decode(Envelope.parse(WireJson.MAPPER.writeValueAsString(envelope)));
	}

	record Line(String sku, int qty, BigDecimal price) {
	}

	@SuppressWarnings("unused")
	static class Tasks {

		int add(int x, int y) {
			return x + y;
		}

		void open(String owner, @Kwarg(value = "initial_cents", defaultValue = "0") long initialCents) {
		}

		void greet(String name, @Kwarg(defaultValue = "\"Hello\"") String greeting,
				@Kwarg(defaultValue = "[\"x\", \"y\"]") List<String> tags) {
		}

		void optional(String name, Optional<Integer> limit) {
		}

		void contextFirst(TaskContext ctx, String name) {
		}

		void contextMiddle(String a, TaskContext ctx, String b) {
		}

		void order(List<Line> lines, Map<String, List<Long>> stock) {
		}

		void money(BigDecimal amount, Instant at) {
		}

		void typed(BigDecimal amount, Instant at, UUID id, LocalDate day, byte[] data) {
		}

		void primitives(boolean flag, double ratio, long count) {
		}

		void nothing() {
		}

	}

}
