package io.celeryapi.interop;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.JsonNode;

import io.celeryapi.annotation.CeleryTask;
import io.celeryapi.annotation.Kwarg;
import io.celeryapi.core.TaskContext;
import io.celeryapi.test.PythonCelery;
import io.celeryapi.test.RedisServer;
import io.celeryapi.test.RedisServerExtension;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Python Celery 5 client ({@code peer_client.py}, {@code app.send_task}) calls
 * {@link CeleryTask} methods of a Java worker.
 *
 * @author celery-api
 */
@SpringBootTest(classes = PythonToJavaInteropTests.Config.class)
@DirtiesContext
@ExtendWith(RedisServerExtension.class)
class PythonToJavaInteropTests {

	private static final String JAVA_QUEUE = "java.interop.p2j";

	private static final Map<String, Object> TO_JAVA = Map.of("queue", JAVA_QUEUE);

	private static final String UNICODE = "h\u00e9llo w\u00f6rld \u2713 \u65e5\u672c \uD83C\uDF89";

	@Autowired
	private JavaTasks tasks;

	@DynamicPropertySource
	static void celeryProperties(DynamicPropertyRegistry registry) {
		RedisServer redis = RedisServerExtension.shared();
		registry.add("celery.broker-url", () -> redis.url(0));
		registry.add("celery.result-backend", () -> redis.url(1));
		registry.add("celery.worker.queues", () -> JAVA_QUEUE);
		registry.add("celery.worker.concurrency", () -> "4");
	}

	@BeforeAll
	static void pythonAvailable() {
		PythonCelery.assumeAvailable();
	}

	@Test
	void positionalArguments() {
		assertThat(result(call("java.interop.add", List.of(2, 3), Map.of()))).isEqualTo(number(5));
	}

	@Test
	void keywordArgumentsByParameterName() {
		JsonNode out = call("java.interop.greet", List.of(), Map.of("times", 2, "greeting", "hi", "name", "Ann"));
		assertThat(result(out).asString()).isEqualTo("hi, Ann! hi, Ann!");
		out = call("java.interop.greet", List.of("Bob"), Map.of("times", 1, "greeting", "hello"));
		assertThat(result(out).asString()).isEqualTo("hello, Bob!");
	}

	@Test
	void kwargWithDefaultMayBeLeftOut() {
		JsonNode out = call("java.interop.open", List.of("Ann"), Map.of());
		assertThat(result(out)).isEqualTo(json("{\"owner\": \"Ann\", \"initialCents\": 0}"));
		out = call("java.interop.open", List.of(), Map.of("owner", "Bob", "initial_cents", 250));
		assertThat(result(out)).isEqualTo(json("{\"owner\": \"Bob\", \"initialCents\": 250}"));
	}

	@Test
	void nestedObjects() {
		Map<String, Object> order = Map.of("id", "o-1", "customer",
				Map.of("name", "Z\u00f6e", "address", Map.of("city", "K\u00f8benhavn", "lines", List.of("a", "b"))),
				"lines",
				List.of(Map.of("sku", "A-1", "quantity", 2, "unitPrice", 1.5),
						Map.of("sku", "B-2", "quantity", 1, "unitPrice", 10.25)),
				"attributes", Map.of("gift", true, "tags", List.of("x", Map.of("y", List.of(1, 2)))));
		JsonNode summary = result(call("java.interop.summarize", List.of(order), Map.of()));
		assertThat(summary.get("id").asString()).isEqualTo("o-1");
		assertThat(summary.get("customer").asString()).isEqualTo("Z\u00f6e");
		assertThat(summary.get("items").asInt()).isEqualTo(3);
		assertThat(summary.get("total").asDouble()).isEqualTo(13.25);
		assertThat(summary.get("skus")).isEqualTo(json("[\"A-1\", \"B-2\"]"));
		assertThat(summary.get("order")).isEqualTo(PythonPeer.JSON.valueToTree(order));
	}

	@Test
	void unicode() {
		JsonNode out = result(call("java.interop.unicode", List.of(UNICODE), Map.of()));
		assertThat(out.get("text").asString()).isEqualTo(UNICODE);
		assertThat(out.get("codePoints").asInt()).isEqualTo(UNICODE.codePointCount(0, UNICODE.length()));
		assertThat(out.get("utf8Bytes").asInt()).isEqualTo(UNICODE.getBytes(StandardCharsets.UTF_8).length);
	}

	@Test
	void megabytePayload() {
		// 1 MB does not fit in one command-line argument, so Python builds it itself.
		JsonNode out = PythonPeer.script("import hashlib, json", "from peerapp import app",
				"data = ('h\\u00e9llo w\\u00f6rld \\u2713 \\u65e5\\u672c ' * 100000)[:1000000]",
				"r = app.send_task('java.interop.digest', args=[data], queue='" + JAVA_QUEUE + "')",
				"print(json.dumps({'result': r.get(timeout=" + PythonPeer.TIMEOUT.toSeconds() + "),"
						+ " 'length': len(data), 'sha256': hashlib.sha256(data.encode('utf-8')).hexdigest()}))");
		assertThat(out.get("length").asInt()).isEqualTo(1_000_000);
		assertThat(out.get("result").get("length").asInt()).isEqualTo(1_000_000);
		assertThat(out.get("result").get("sha256").asString()).isEqualTo(out.get("sha256").asString())
			.isEqualTo(sha256(JavaToPythonInteropTests.megabyte()));
	}

	@Test
	void nullAndNone() {
		JsonNode out = call("java.interop.identity", Arrays.asList((Object) null), Map.of());
		assertThat(out.get("status").asString()).isEqualTo("SUCCESS");
		assertThat(out.get("result").isNull()).isTrue();
		Map<String, Object> withNulls = new LinkedHashMap<>();
		withNulls.put("a", null);
		withNulls.put("b", Arrays.asList(null, 1));
		assertThat(result(call("java.interop.identity", List.of(withNulls), Map.of())))
			.isEqualTo(PythonPeer.JSON.valueToTree(withNulls));
		Map<String, Object> noneKwarg = new LinkedHashMap<>();
		noneKwarg.put("numbers", null);
		assertThat(result(call("java.interop.describe", Arrays.asList((Object) null), noneKwarg)).asString())
			.isEqualTo("text=null numbers=null");
	}

	@Test
	void javaExceptionReachesPython() {
		JsonNode out = call("java.interop.fail", List.of("java says no \u2713"), Map.of());
		assertThat(out.get("status").asString()).as(out.toString()).isEqualTo("FAILURE");
		assertThat(out.get("exc_class").asString()).isEqualTo("IllegalStateException");
		assertThat(out.get("message").asString()).isEqualTo("java says no \u2713");
		// Python knows no module java.lang, so Celery makes up celery.exceptions.IllegalStateException.
		assertThat(out.get("exc_module").asString()).isEqualTo("celery.exceptions");
		assertThat(out.get("args")).isEqualTo(json("[\"java says no \\u2713\"]"));
	}

	@Test
	void countdownDelaysTheJavaTask() {
		long before = System.currentTimeMillis();
		JsonNode out = call("java.interop.stamp", List.of("countdown"), Map.of(),
				Map.of("queue", JAVA_QUEUE, "countdown", 1.5));
		JsonNode stamp = result(out);
		long eta = stamp.get("eta").asLong();
		long ranAt = stamp.get("ranAt").asLong();
		// Python computed the eta when it sent, after "before"; the task ran no earlier.
		assertThat(eta).isGreaterThanOrEqualTo(before + 1500);
		assertThat(ranAt).isGreaterThanOrEqualTo(eta);
		assertThat(this.tasks.ran).containsEntry("countdown", ranAt);
	}

	@Test
	void etaDelaysTheJavaTask() {
		Instant eta = Instant.now().plusMillis(1500).truncatedTo(ChronoUnit.MILLIS);
		String iso = LocalDateTime.ofInstant(eta, ZoneOffset.UTC) + "+00:00";
		JsonNode stamp = result(
				call("java.interop.stamp", List.of("eta"), Map.of(), Map.of("queue", JAVA_QUEUE, "eta", iso)));
		assertThat(stamp.get("eta").asLong()).isEqualTo(eta.toEpochMilli());
		assertThat(stamp.get("ranAt").asLong()).isGreaterThanOrEqualTo(eta.toEpochMilli());
		assertThat(this.tasks.ran).containsEntry("eta", stamp.get("ranAt").asLong());
	}

	@Test
	void expiredTaskIsRevokedByJava() {
		JsonNode out = call("java.interop.stamp", List.of("expired"), Map.of(),
				Map.of("queue", JAVA_QUEUE, "expires", "2001-01-01T00:00:00+00:00"));
		assertThat(out.get("status").asString()).as(out.toString()).isEqualTo("REVOKED");
		assertThat(out.get("exc_class").asString()).isEqualTo("TaskRevokedError");
		assertThat(this.tasks.ran).doesNotContainKey("expired");
	}

	@Test
	void customQueue() {
		JsonNode where = result(call("java.interop.where", List.of(), Map.of()));
		assertThat(where.get("queue").asString()).isEqualTo(JAVA_QUEUE);
		assertThat(where.get("task").asString()).isEqualTo("java.interop.where");
	}

	private static JsonNode call(String task, List<?> args, Map<String, ?> kwargs) {
		return call(task, args, kwargs, TO_JAVA);
	}

	private static JsonNode call(String task, List<?> args, Map<String, ?> kwargs, Map<String, ?> options) {
		return PythonPeer.call(task, args, kwargs, options);
	}

	/** The result of a successful call. */
	private static JsonNode result(JsonNode out) {
		assertThat(out.path("status").asString()).as(out.toString()).isEqualTo("SUCCESS");
		return out.get("result");
	}

	private static JsonNode json(String text) {
		return PythonPeer.JSON.readTree(text);
	}

	private static JsonNode number(int value) {
		return PythonPeer.JSON.getNodeFactory().numberNode(value);
	}

	static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	record Address(String city, List<String> lines) {
	}

	record Customer(String name, Address address) {
	}

	record Line(String sku, int quantity, double unitPrice) {
	}

	record Order(String id, Customer customer, List<Line> lines, Map<String, Object> attributes) {
	}

	record Summary(String id, String customer, int items, double total, List<String> skus, Order order) {
	}

	/**
	 * The Java tasks Python calls.
	 */
	static class JavaTasks {

		final Map<String, Long> ran = new ConcurrentHashMap<>();

		@CeleryTask("java.interop.add")
		public int add(int x, int y) {
			return x + y;
		}

		@CeleryTask("java.interop.greet")
		public String greet(String name, String greeting, int times) {
			return String.join(" ", Collections.nCopies(times, greeting + ", " + name + "!"));
		}

		@CeleryTask("java.interop.open")
		public Map<String, Object> open(String owner,
				@Kwarg(value = "initial_cents", defaultValue = "0") long initialCents) {
			return Map.of("owner", owner, "initialCents", initialCents);
		}

		@CeleryTask("java.interop.summarize")
		public Summary summarize(Order order) {
			return new Summary(order.id(), order.customer().name(),
					order.lines().stream().mapToInt(Line::quantity).sum(),
					order.lines().stream().mapToDouble((line) -> line.quantity() * line.unitPrice()).sum(),
					order.lines().stream().map(Line::sku).toList(), order);
		}

		@CeleryTask("java.interop.identity")
		public @Nullable Object identity(@Nullable Object value) {
			return value;
		}

		@CeleryTask("java.interop.describe")
		public String describe(@Nullable String text, @Nullable List<Integer> numbers) {
			return "text=" + text + " numbers=" + numbers;
		}

		@CeleryTask("java.interop.unicode")
		public Map<String, Object> unicode(String text) {
			return Map.of("text", text, "codePoints", text.codePointCount(0, text.length()), "utf8Bytes",
					text.getBytes(StandardCharsets.UTF_8).length);
		}

		@CeleryTask("java.interop.digest")
		public Map<String, Object> digest(String data) {
			return Map.of("length", data.length(), "sha256", sha256(data));
		}

		@CeleryTask("java.interop.fail")
		public void fail(String message) {
			throw new IllegalStateException(message);
		}

		@CeleryTask("java.interop.stamp")
		public Map<String, Object> stamp(String token, TaskContext context) {
			long now = System.currentTimeMillis();
			this.ran.put(token, now);
			Map<String, Object> stamp = new LinkedHashMap<>();
			stamp.put("ranAt", now);
			stamp.put("eta", (context.eta() != null) ? context.eta().toEpochMilli() : null);
			return stamp;
		}

		@CeleryTask("java.interop.where")
		public Map<String, Object> where(TaskContext context) {
			return Map.of("queue", context.queue(), "task", context.name(), "hostname", context.hostname());
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Config {

		@Bean
		JavaTasks javaTasks() {
			return new JavaTasks();
		}

	}

}
