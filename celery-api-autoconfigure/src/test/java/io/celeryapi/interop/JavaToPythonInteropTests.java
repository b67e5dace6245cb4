package io.celeryapi.interop;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;

import io.celeryapi.core.AsyncResult;
import io.celeryapi.core.CeleryOperations;
import io.celeryapi.core.CeleryRemoteException;
import io.celeryapi.core.TaskOptions;
import io.celeryapi.core.TaskState;
import io.celeryapi.internal.protocol.CeleryTimes;
import io.celeryapi.internal.protocol.ResultMeta;
import io.celeryapi.internal.redis.RedisResultBackend;
import io.celeryapi.test.PythonCelery;
import io.celeryapi.test.PythonWorker;
import io.celeryapi.test.RedisServer;
import io.celeryapi.test.RedisServerExtension;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A Java application calls tasks of a real Python Celery 5 worker through
 * {@link CeleryOperations}.
 *
 * @author celery-api
 */
@SpringBootTest(classes = JavaToPythonInteropTests.Config.class)
@DirtiesContext
@ExtendWith(RedisServerExtension.class)
class JavaToPythonInteropTests {

	private static final String PYTHON_QUEUE = "python.interop.j2p";

	private static final Duration TIMEOUT = PythonPeer.TIMEOUT;

	private static final String UNICODE = "h\u00e9llo w\u00f6rld \u2713 \u65e5\u672c \uD83C\uDF89";

	private static PythonWorker worker;

	@Autowired
	private CeleryOperations celery;

	@Autowired
	private RedisResultBackend backend;

	@DynamicPropertySource
	static void celeryProperties(DynamicPropertyRegistry registry) {
		RedisServer redis = RedisServerExtension.shared();
		registry.add("celery.broker-url", () -> redis.url(0));
		registry.add("celery.result-backend", () -> redis.url(1));
		registry.add("celery.worker.queues", () -> "java.interop.j2p");
		registry.add("celery.worker.concurrency", () -> "4");
	}

	@BeforeAll
	static void startPythonWorker(RedisServer redis) {
		PythonCelery.assumeAvailable();
		worker = PythonCelery.startWorker(redis.url(0), redis.url(1), "-Q", PYTHON_QUEUE);
	}

	@AfterAll
	static void stopPythonWorker() {
		if (worker != null) {
			worker.close();
		}
	}

	@Test
	void positionalArguments() throws Exception {
		assertThat(send("peer.add", List.of(2, 3), Map.of()).get(TIMEOUT, Integer.class)).isEqualTo(5);
		AsyncResult<Object> sum = send("peer.xsum", List.of(List.of(1, 2, 3, 4)), Map.of());
		assertThat(sum.toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(10);
		assertThat(sum.state()).isEqualTo(TaskState.SUCCESS);
	}

	@Test
	void keywordArguments() {
		assertThat(send("peer.add", List.of(), Map.of("x", 40, "y", 2)).get(TIMEOUT, Integer.class)).isEqualTo(42);
		assertThat(send("peer.mul", List.of(6), Map.of("y", 7)).get(TIMEOUT, Integer.class)).isEqualTo(42);
	}

	@Test
	void nestedRecordsAsTypedResult() {
		Order first = new Order("o-1", new Customer("Ann", List.of("vip", "eu")),
				List.of(new Line("A-1", 2, 1.5), new Line("B-2", 1, 10.0)), Map.of("gift", true, "note", "ring twice"));
		Order second = new Order("o-2", new Customer("Bob", List.of()), List.of(), Map.of());
		Echo<Order> echo = send("peer.echo", List.of(first, second), Map.of("order", first)).get(TIMEOUT,
				new ParameterizedTypeReference<Echo<Order>>() {
				});
		assertThat(echo.args()).containsExactly(first, second);
		assertThat(echo.kwargs()).containsExactly(Map.entry("order", first));
	}

	@Test
	void nestedMapsAndLists() {
		List<Object> args = List.of(List.of(1, List.of(2, List.of(3, "four"))),
				Map.of("a", Map.of("b", List.of(true, "c"))));
		Map<String, Object> kwargs = Map.of("deep", Map.of("x", List.of(Map.of("y", List.of()))), "empty", Map.of(),
				"float", 1.25);
		Map<String, Object> result = send("peer.echo", args, kwargs).get(TIMEOUT,
				new ParameterizedTypeReference<Map<String, Object>>() {
				});
		assertThat(result).containsOnlyKeys("args", "kwargs").containsEntry("args", args);
		// Untyped, a Python float arrives as a BigDecimal (result trees keep decimals exact).
		assertThat(result.get("kwargs")).asInstanceOf(InstanceOfAssertFactories.map(String.class, Object.class))
			.containsOnlyKeys("deep", "empty", "float")
			.containsEntry("deep", kwargs.get("deep"))
			.containsEntry("empty", Map.of())
			.hasEntrySatisfying("float", (value) -> assertThat(((Number) value).doubleValue()).isEqualTo(1.25));
	}

	@Test
	void unicode() {
		Object result = send("peer.echo", List.of(UNICODE), Map.of("cl\u00e9 \u2713", UNICODE)).get(TIMEOUT);
		assertThat(result).isEqualTo(Map.of("args", List.of(UNICODE), "kwargs", Map.of("cl\u00e9 \u2713", UNICODE)));
		// Python counts code points: the emoji is one character there, two chars in Java.
		assertThat(send("peer.size", List.of(UNICODE), Map.of()).get(TIMEOUT, Integer.class))
			.isEqualTo(UNICODE.codePointCount(0, UNICODE.length()));
	}

	@Test
	void megabytePayload() {
		String data = megabyte();
		assertThat(send("peer.size", List.of(data), Map.of()).get(TIMEOUT, Integer.class)).isEqualTo(1_000_000);
	}

	@Test
	void nullAndNone() {
		Map<String, Object> kwargs = new LinkedHashMap<>();
		kwargs.put("none", null);
		kwargs.put("list", Arrays.asList(1, null));
		Object result = send("peer.echo", Arrays.asList("a", null), kwargs).get(TIMEOUT);
		assertThat(result).isEqualTo(Map.of("args", Arrays.asList("a", null), "kwargs", kwargs));
		// peer.record returns its argument: None comes back as null.
		AsyncResult<Object> none = send("peer.record", Arrays.asList((Object) null), Map.of());
		assertThat(none.get(TIMEOUT)).isNull();
		assertThat(none.state()).isEqualTo(TaskState.SUCCESS);
	}

	@Test
	void pythonValueErrorIsARemoteException() {
		AsyncResult<Object> result = send("peer.fail", List.of(), Map.of("msg", "bad \u2713 value"));
		assertThatExceptionOfType(CeleryRemoteException.class).isThrownBy(() -> result.get(TIMEOUT))
			.satisfies((ex) -> {
				assertThat(ex.getTaskId()).isEqualTo(result.id());
				assertThat(ex.getState()).isEqualTo(TaskState.FAILURE);
				assertThat(ex.getExcType()).isEqualTo("ValueError");
				assertThat(ex.getExcModule()).isEqualTo("builtins");
				assertThat(ex.getRemoteMessage()).isEqualTo("bad \u2713 value");
				assertThat(ex.getRemoteTraceback()).contains("Traceback (most recent call last)")
					.contains("ValueError: bad \u2713 value");
			});
		assertThat(result.state()).isEqualTo(TaskState.FAILURE);
	}

	@Test
	void pythonCustomExceptionIsARemoteException() {
		AsyncResult<Object> result = send("peer.fail_custom", List.of(), Map.of());
		assertThatExceptionOfType(CeleryRemoteException.class).isThrownBy(() -> result.get(TIMEOUT))
			.satisfies((ex) -> {
				assertThat(ex.getExcType()).isEqualTo("PeerError");
				assertThat(ex.getExcModule()).isEqualTo("peerapp");
				assertThat(ex.getExcArgs()).containsExactly("custom boom", "42");
				assertThat(ex.getRemoteMessage()).contains("custom boom");
				assertThat(ex.getRemoteTraceback()).contains("PeerError");
			});
	}

	@Test
	void countdownDelaysThePythonTask() {
		Duration countdown = Duration.ofMillis(1500);
		Instant sent = Instant.now();
		AsyncResult<Object> result = send("peer.add", List.of(1, 2), Map.of(),
				TaskOptions.builder().countdown(countdown).build());
		assertThat(result.get(TIMEOUT, Integer.class)).isEqualTo(3);
		Instant received = Instant.now();
		assertThat(dateDone(result.id())).isAfterOrEqualTo(sent.plus(countdown));
		assertThat(received).isAfterOrEqualTo(sent.plus(countdown));
	}

	@Test
	void etaDelaysThePythonTask() {
		Instant eta = Instant.now().plusMillis(1500);
		AsyncResult<Object> result = send("peer.add", List.of(2, 2), Map.of(), TaskOptions.builder().eta(eta).build());
		assertThat(result.get(TIMEOUT, Integer.class)).isEqualTo(4);
		assertThat(dateDone(result.id())).isAfterOrEqualTo(eta);
		assertThat(Instant.now()).isAfterOrEqualTo(eta);
	}

	@Test
	void expiredTaskIsRevokedByPython() {
		AsyncResult<Object> result = send("peer.add", List.of(1, 1), Map.of(),
				TaskOptions.builder().expires(Instant.now().minusSeconds(60)).build());
		assertThatExceptionOfType(CeleryRemoteException.class).isThrownBy(() -> result.get(TIMEOUT))
			.satisfies((ex) -> {
				assertThat(ex.getState()).isEqualTo(TaskState.REVOKED);
				assertThat(ex.getExcType()).isEqualTo("TaskRevokedError");
				assertThat(ex.getRemoteMessage()).isEqualTo("expired");
			});
		assertThat(result.state()).isEqualTo(TaskState.REVOKED);
	}

	@Test
	void customQueue() {
		AsyncResult<Object> result = send("peer.mul", List.of(3, 4), Map.of());
		assertThat(result.get(TIMEOUT, Integer.class)).isEqualTo(12);
		assertThat(worker.log()).contains(".> " + PYTHON_QUEUE).contains("peer.mul[" + result.id() + "]");
	}

	private AsyncResult<Object> send(String task, List<?> args, Map<String, ?> kwargs) {
		return send(task, args, kwargs, TaskOptions.none());
	}

	private AsyncResult<Object> send(String task, List<?> args, Map<String, ?> kwargs, TaskOptions options) {
		TaskOptions toPython = TaskOptions.builder().queue(PYTHON_QUEUE).build();
		return this.celery.sendTask(task, args, kwargs, toPython.merge(options));
	}

	/** When the Python worker stored the result: its {@code date_done}. */
	private Instant dateDone(String taskId) {
		ResultMeta meta = this.backend.get(taskId);
		assertThat(meta).isNotNull();
		JsonNode stored = PythonPeer.JSON.readTree(meta.json());
		return CeleryTimes.parse(stored.get("date_done").asString());
	}

	/** One million characters, many of them outside ASCII. */
	static String megabyte() {
		String unit = "h\u00e9llo w\u00f6rld \u2713 \u65e5\u672c ";
		StringBuilder data = new StringBuilder(1_000_000 + unit.length());
		while (data.length() < 1_000_000) {
			data.append(unit);
		}
		data.setLength(1_000_000);
		return data.toString();
	}

	record Customer(String name, List<String> tags) {
	}

	record Line(String sku, int quantity, double unitPrice) {
	}

	record Order(String id, Customer customer, List<Line> lines, Map<String, Object> attributes) {
	}

	record Echo<T>(List<T> args, Map<String, T> kwargs) {
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Config {

	}

}
