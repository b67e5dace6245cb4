package io.celeryapi.worker;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.celeryapi.annotation.CeleryTask;
import io.celeryapi.core.AsyncResult;
import io.celeryapi.core.CeleryOperations;
import io.celeryapi.core.CeleryRemoteException;
import io.celeryapi.core.TaskState;
import io.celeryapi.test.PythonCelery;
import io.celeryapi.test.PythonRun;
import io.celeryapi.test.RedisServer;
import io.celeryapi.test.RedisServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
 * Celery's own {@code inspect}, {@code control} and {@code status} commands against a Java
 * worker.
 */
@SpringBootTest(classes = RemoteControlInteropTests.Config.class)
@ExtendWith(RedisServerExtension.class)
@DirtiesContext
class RemoteControlInteropTests {

	static final String HOST = "java-rc@testhost";

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final CountDownLatch running = new CountDownLatch(1);

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		RedisServer redis = RedisServerExtension.shared();
		registry.add("celery.broker-url", () -> redis.url(2));
		registry.add("celery.worker.queues", () -> "rc.q");
		registry.add("celery.template.default-queue", () -> "rc.q");
		registry.add("celery.worker.hostname", () -> HOST);
		registry.add("celery.worker.concurrency", () -> "2");
	}

	@BeforeAll
	static void python() {
		PythonCelery.assumeAvailable();
	}

	@Autowired
	CeleryOperations celery;

	@Autowired
	io.celeryapi.inspect.CeleryInspector inspector;

	@Test
	void inspectPingAndStatusListTheJavaWorker() {
		assertThat(inspect("ping").get(HOST).get("ok").asString()).isEqualTo("pong");
		PythonRun status = PythonCelery.celery(url(), Duration.ofSeconds(30), "status");
		assertThat(status.stdoutOrFail()).contains(HOST + ": OK").contains("1 node online.");
	}

	@Test
	void inspectRegisteredListsJavaTasksSorted() {
		assertThat(inspect("registered").get(HOST)).hasSize(2);
		assertThat(inspect("registered").get(HOST).get(0).asString()).isEqualTo("rc.hold");
		assertThat(inspect("registered").get(HOST).get(1).asString()).isEqualTo("rc.square");
	}

	@Test
	void inspectActiveQueuesShowsTheQueue() {
		JsonNode queue = inspect("active_queues").get(HOST).get(0);
		assertThat(queue.get("name").asString()).isEqualTo("rc.q");
		assertThat(queue.at("/exchange/type").asString()).isEqualTo("direct");
		assertThat(queue.get("routing_key").asString()).isEqualTo("rc.q");
	}

	@Test
	void inspectStatsCountsTasks() {
		assertThat(this.celery.sendTask("rc.square", 3).get(Duration.ofSeconds(10))).isEqualTo(9);
		JsonNode stats = inspect("stats").get(HOST);
		assertThat(stats.at("/total/rc.square").asInt()).isGreaterThanOrEqualTo(1);
		assertThat(stats.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
		assertThat(stats.get("clock").isString()).isTrue();
		assertThat(stats.at("/pool/max-concurrency").asInt()).isEqualTo(2);
		assertThat(stats.at("/broker/transport").asString()).isEqualTo("redis");
	}

	@Test
	void inspectActiveShowsARunningTaskAndRevokeTerminateInterruptsIt() throws Exception {
		AsyncResult<Object> held = this.celery.sendTask("rc.hold");
		assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
		JsonNode active = inspect("active").get(HOST);
		assertThat(active).hasSize(1);
		assertThat(active.get(0).get("id").asString()).isEqualTo(held.id());
		assertThat(active.get(0).get("name").asString()).isEqualTo("rc.hold");
		JsonNode query = inspect("query_task", held.id()).get(HOST);
		assertThat(query.get(held.id()).get(0).asString()).isEqualTo("active");

		assertThat(control("terminate", "SIGTERM", held.id()).get(HOST).get("ok").asString())
			.isEqualTo("terminate: " + held.id());
		assertThatExceptionOfType(CeleryRemoteException.class).isThrownBy(() -> held.get(Duration.ofSeconds(10)))
			.satisfies((ex) -> {
				assertThat(ex.getState()).isEqualTo(TaskState.REVOKED);
				assertThat(ex.getExcType()).isEqualTo("TaskRevokedError");
			});
		assertThat(inspect("revoked").get(HOST).toString()).contains(held.id());
	}

	@Test
	void addAndCancelConsumer() {
		assertThat(control("add_consumer", "rc.extra").get(HOST).get("ok").asString()).isEqualTo("add consumer rc.extra");
		assertThat(inspect("active_queues").get(HOST).toString()).contains("rc.extra");
		assertThat(control("cancel_consumer", "rc.extra").get(HOST).get("ok").asString())
			.isEqualTo("no longer consuming from rc.extra");
		assertThat(inspect("active_queues").get(HOST).toString()).doesNotContain("rc.extra");
	}

	@Test
	void rateLimitUnknownTaskIsAnError() {
		assertThat(control("rate_limit", "rc.nope", "5/s").get(HOST).get("error").asString()).isEqualTo("unknown task");
		assertThat(control("rate_limit", "rc.square", "5/s").get(HOST).get("ok").asString())
			.isEqualTo("new rate limit set successfully");
	}

	@Test
	void shutdownIsRefusedWithAnAnswer() {
		assertThat(control("shutdown").get(HOST).get("error").asString()).contains("remote shutdown is disabled");
		assertThat(inspect("ping").get(HOST).get("ok").asString()).isEqualTo("pong");
	}

	@Test
	void destinationFilteringAndConfMasksNothingSecret() {
		PythonRun other = PythonCelery.celery(url(), Duration.ofSeconds(30), "inspect", "ping", "-d", "someone@else",
				"--json");
		assertThat(other.stdout()).doesNotContain(HOST);
		PythonRun mine = PythonCelery.celery(url(), Duration.ofSeconds(30), "inspect", "ping", "-d", HOST, "--json");
		assertThat(mine.stdoutOrFail()).contains(HOST);
		assertThat(inspect("clock").get(HOST).get("clock").asLong()).isPositive();
	}

	@Test
	void inspectScheduledShowsAnEtaTaskAndReservedIsAList() {
		AsyncResult<Object> later = this.celery.sendTask("rc.square", java.util.List.of(4), java.util.Map.of(),
				io.celeryapi.core.TaskOptions.builder().countdown(Duration.ofSeconds(20)).build());
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> inspect("scheduled").get(HOST).toString().contains(later.id()));
		JsonNode scheduled = inspect("scheduled").get(HOST).get(0);
		assertThat(scheduled.get("eta").asString()).endsWith("+00:00");
		assertThat(scheduled.at("/request/name").asString()).isEqualTo("rc.square");
		assertThat(inspect("reserved").get(HOST).isArray()).isTrue();
		assertThat(inspect("query_task", later.id()).get(HOST).get(later.id()).get(0).asString()).isEqualTo("reserved");
	}

	@Test
	void inspectConfReportAndUnknownMethod() {
		JsonNode conf = inspect("conf").get(HOST);
		assertThat(conf.get("broker_url").asString()).startsWith("redis://127.0.0.1:");
		assertThat(conf.get("worker_concurrency").asInt()).isEqualTo(2);
		assertThat(inspect("report").get(HOST).get("ok").asString()).contains("celery-api").contains("rc.square");
		JsonNode unknown = this.inspector.broadcast("no_such_method", null, java.util.List.of(HOST), Duration.ofSeconds(2))
			.get(HOST);
		assertThat(unknown.get("error").asString()).isEqualTo("KeyError('no_such_method')");
	}

	@Test
	void timeLimitAndEventsControl() {
		assertThat(control("time_limit", "rc.square", "10", "20").get(HOST).get("ok").asString())
			.isEqualTo("time limits set successfully");
		assertThat(control("enable_events").get(HOST).get("ok").asString()).startsWith("task events");
		assertThat(control("disable_events").get(HOST).get("ok").asString()).isEqualTo("task events disabled");
	}

	private JsonNode inspect(String... command) {
		return run("inspect", command);
	}

	private JsonNode control(String... command) {
		return run("control", command);
	}

	private JsonNode run(String kind, String... command) {
		String[] args = new String[command.length + 4];
		args[0] = kind;
		System.arraycopy(command, 0, args, 1, command.length);
		args[command.length + 1] = "--json";
		args[command.length + 2] = "-t";
		args[command.length + 3] = "1";
		PythonRun run = PythonCelery.celery(url(), Duration.ofSeconds(30), args);
		String out = run.stdoutOrFail().trim();
		// inspect prints {host: reply}; control prints [{host: reply}, ...]
		JsonNode json = JSON.readTree(out.substring(Math.min(indexOr(out, '{'), indexOr(out, '['))));
		return json.isArray() ? json.get(0) : json;
	}

	private static int indexOr(String text, char c) {
		int index = text.indexOf(c);
		return (index < 0) ? Integer.MAX_VALUE : index;
	}

	private static String url() {
		return RedisServerExtension.shared().url(2);
	}

	static class Tasks {

		@CeleryTask("rc.square")
		int square(int x) {
			return x * x;
		}

		@CeleryTask("rc.hold")
		String hold() throws InterruptedException {
			running.countDown();
			Thread.sleep(60_000);
			return "not interrupted";
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Config {

		@Bean
		Tasks tasks() {
			return new Tasks();
		}

	}

}
