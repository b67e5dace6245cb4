package io.celeryapi.interop;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.JsonNode;

import io.celeryapi.annotation.CeleryTask;
import io.celeryapi.core.AsyncResult;
import io.celeryapi.core.CeleryOperations;
import io.celeryapi.core.CeleryRemoteException;
import io.celeryapi.core.TaskContext;
import io.celeryapi.core.TaskOptions;
import io.celeryapi.core.TaskState;
import io.celeryapi.inspect.CeleryInspector;
import io.celeryapi.test.PythonCelery;
import io.celeryapi.test.PythonWorker;
import io.celeryapi.test.RedisServer;
import io.celeryapi.test.RedisServerExtension;
import io.celeryapi.worker.CeleryWorker;

import org.junit.jupiter.api.AfterAll;
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
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Eta, expiry and revoke across languages: a Python client delays, expires and revokes
 * tasks of a Java worker, and a Java {@link CeleryInspector#revoke} reaches a running
 * Python worker (see {@link LateRevokeInteropTests} for one started later).
 *
 * @author celery-api
 */
@SpringBootTest(classes = CrossLanguageRevokeInteropTests.Config.class)
@DirtiesContext
@ExtendWith(RedisServerExtension.class)
class CrossLanguageRevokeInteropTests {

	private static final String PYTHON_QUEUE = "python.interop.revoke";

	private static final String JAVA_QUEUE = "java.interop.revoke";

	private static final Map<String, Object> TO_JAVA = Map.of("queue", JAVA_QUEUE);

	private static final Duration TIMEOUT = PythonPeer.TIMEOUT;

	/** When each token ran on the Java worker. */
	static final Map<String, Long> ran = new ConcurrentHashMap<>();

	private static PythonWorker worker;

	@Autowired
	private CeleryOperations celery;

	@Autowired
	private CeleryInspector inspector;

	@Autowired
	private CeleryWorker javaWorker;

	@DynamicPropertySource
	static void celeryProperties(DynamicPropertyRegistry registry) {
		RedisServer redis = RedisServerExtension.shared();
		registry.add("celery.broker-url", () -> redis.url(0));
		registry.add("celery.result-backend", () -> redis.url(1));
		registry.add("celery.worker.queues", () -> JAVA_QUEUE);
		registry.add("celery.worker.hostname", () -> "java-revoke-" + UUID.randomUUID() + "@%h");
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

	// ---------------------------------------------------------------- eta and expiry, Python to Java

	@Test
	void pythonCountdownDelaysTheJavaTask() {
		String token = token();
		long before = System.currentTimeMillis();
		JsonNode stamp = result(PythonPeer.call("java.stamp", List.of(token), Map.of(),
				Map.of("queue", JAVA_QUEUE, "countdown", 1.5)));
		assertThat(stamp.get("eta").asLong()).isGreaterThanOrEqualTo(before + 1500);
		assertThat(stamp.get("ranAt").asLong()).isGreaterThanOrEqualTo(stamp.get("eta").asLong());
		assertThat(ran).containsEntry(token, stamp.get("ranAt").asLong());
	}

	@Test
	void pythonEtaWithALaterExpiryRunsTheJavaTaskAtTheEta() {
		String token = token();
		Instant eta = Instant.now().plusMillis(1200).truncatedTo(ChronoUnit.MILLIS);
		JsonNode stamp = result(PythonPeer.call("java.stamp", List.of(token), Map.of(),
				Map.of("queue", JAVA_QUEUE, "eta", iso(eta), "expires", iso(eta.plusSeconds(30)))));
		assertThat(stamp.get("eta").asLong()).isEqualTo(eta.toEpochMilli());
		assertThat(stamp.get("expires").asLong()).isEqualTo(eta.plusSeconds(30).toEpochMilli());
		assertThat(stamp.get("ranAt").asLong()).isGreaterThanOrEqualTo(eta.toEpochMilli());
	}

	@Test
	void pythonTaskThatExpiredIsRevokedByJava() {
		String token = token();
		JsonNode out = PythonPeer.call("java.stamp", List.of(token), Map.of(),
				Map.of("queue", JAVA_QUEUE, "expires", "2001-01-01T00:00:00+00:00"));
		assertRevoked(out, "expired");
		assertThat(ran).doesNotContainKey(token);
	}

	@Test
	void pythonTaskExpiringBeforeItsEtaIsRevokedByJavaWithoutRunning() {
		// expires=1 (seconds, made absolute by Python) is before countdown=2.
		String token = token();
		long before = System.currentTimeMillis();
		JsonNode out = PythonPeer.call("java.stamp", List.of(token), Map.of(),
				Map.of("queue", JAVA_QUEUE, "countdown", 2, "expires", 1));
		assertRevoked(out, "expired");
		assertThat(ran).doesNotContainKey(token);
		AsyncResult<Object> seenFromJava = this.celery.asyncResult(out.get("id").asString());
		assertThat(seenFromJava.state()).isEqualTo(TaskState.REVOKED);
		assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(before + 1000);
	}

	// ---------------------------------------------------------------- revoke, Python to Java

	@Test
	void pythonRevokeBeforeTheTaskIsSentIsHonouredByJava() {
		String token = token();
		String javaHost = this.javaWorker.getSettings().hostname();
		JsonNode out = PythonPeer.script("import json, uuid", "from peerapp import app",
				"tid = str(uuid.uuid4())",
				// Waits for the Java worker's reply, so the revoke is known before the task is sent.
				"replies = app.control.revoke(tid, destination=['" + javaHost + "'], reply=True, timeout=10)",
				"r = app.send_task('java.stamp', args=['" + token + "'], queue='" + JAVA_QUEUE + "', task_id=tid)",
				"try:", "    r.get(timeout=" + TIMEOUT.toSeconds() + ")", "    out = {'status': 'SUCCESS'}",
				"except Exception as e:",
				"    out = {'status': r.state, 'exc_class': type(e).__name__, 'message': str(e)}",
				"out.update(id=tid, replies=replies)", "print(json.dumps(out))");
		assertRevoked(out, "revoked");
		assertThat(out.get("replies").toString()).contains(javaHost).contains("flagged as revoked");
		assertThat(ran).doesNotContainKey(token);
		assertThat(this.celery.asyncResult(out.get("id").asString()).state()).isEqualTo(TaskState.REVOKED);
	}

	// ---------------------------------------------------------------- revoke, Java to Python

	@Test
	void javaRevokeIsHonouredByARunningPythonWorker() {
		String id = UUID.randomUUID().toString();
		this.inspector.revoke(false, id);
		// Pidbox requests are handled in order: once Python lists the id, the revoke is in.
		assertThat(revokedOn(worker.hostname())).contains(id);
		AsyncResult<Object> result = this.celery.sendTask("peer.add", List.of(1, 2), Map.of(),
				TaskOptions.builder().queue(PYTHON_QUEUE).taskId(id).build());
		assertThatExceptionOfType(CeleryRemoteException.class).isThrownBy(() -> result.get(TIMEOUT))
			.satisfies((ex) -> {
				assertThat(ex.getState()).isEqualTo(TaskState.REVOKED);
				assertThat(ex.getExcType()).isEqualTo("TaskRevokedError");
			});
		assertThat(worker.log()).contains("Discarding revoked task: peer.add[" + id + "]");
	}

	// ---------------------------------------------------------------- helpers

	/** The ids a worker lists as revoked, asked after any earlier pidbox request. */
	private List<String> revokedOn(String hostname) {
		Map<String, JsonNode> replies = this.inspector.broadcast("revoked", null, List.of(hostname), TIMEOUT);
		assertThat(replies).containsKey(hostname);
		List<String> ids = new ArrayList<>();
		replies.get(hostname).forEach((id) -> ids.add(id.asString()));
		return ids;
	}

	private static void assertRevoked(JsonNode out, String reason) {
		assertThat(out.get("status").asString()).as(out.toString()).isEqualTo("REVOKED");
		assertThat(out.get("exc_class").asString()).isEqualTo("TaskRevokedError");
		assertThat(out.get("message").asString()).isEqualTo(reason);
	}

	private static JsonNode result(JsonNode out) {
		assertThat(out.path("status").asString()).as(out.toString()).isEqualTo("SUCCESS");
		return out.get("result");
	}

	private static String iso(Instant instant) {
		return LocalDateTime.ofInstant(instant, ZoneOffset.UTC) + "+00:00";
	}

	private static String token() {
		return UUID.randomUUID().toString();
	}

	/**
	 * The Java task Python delays, expires and revokes.
	 */
	static class JavaTasks {

		@CeleryTask("java.stamp")
		public Map<String, Object> stamp(String token, TaskContext context) {
			long now = System.currentTimeMillis();
			ran.put(token, now);
			Map<String, Object> stamp = new LinkedHashMap<>();
			stamp.put("ranAt", now);
			stamp.put("eta", (context.eta() != null) ? context.eta().toEpochMilli() : null);
			stamp.put("expires", (context.expires() != null) ? context.expires().toEpochMilli() : null);
			return stamp;
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
