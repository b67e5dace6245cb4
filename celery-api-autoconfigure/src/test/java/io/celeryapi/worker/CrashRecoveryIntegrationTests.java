package io.celeryapi.worker;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.celeryapi.annotation.CeleryTask;
import io.celeryapi.core.AsyncResult;
import io.celeryapi.core.CeleryOperations;
import io.celeryapi.core.TaskContext;
import io.celeryapi.test.RedisServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker JVM killed with {@code kill -9} during an acks-late task: after the visibility
 * timeout another worker runs the task again, and its result arrives.
 */
class CrashRecoveryIntegrationTests {

	static final String QUEUE = "it.crash";

	@Test
	void acksLateTaskOfAKilledWorkerRunsAgainElsewhere() throws Exception {
		// A server of its own: the test asserts the exact contents of the shared unacked hash.
		try (RedisServer redis = RedisServer.start()) {
			acksLateTaskOfAKilledWorkerRunsAgainElsewhere(redis);
		}
	}

	private void acksLateTaskOfAKilledWorkerRunsAgainElsewhere(RedisServer redis) throws Exception {
		Process doomed = startWorkerJvm(redis);
		ConfigurableApplicationContext client = null;
		ConfigurableApplicationContext survivor = null;
		try {
			CompletableFuture<String> ready = readLine(doomed, "WORKER READY");
			assertThat(ready.get(60, TimeUnit.SECONDS)).isNotNull();
			client = app(redis, "celery.worker.enabled=false");
			CompletableFuture<String> started = readLine(doomed, "STARTED");
			AsyncResult<Object> result = client.getBean(CeleryOperations.class).sendTask("it.crash.work", 7);
			assertThat(started.get(20, TimeUnit.SECONDS)).contains(result.id());
			assertThat(redis.hgetall("unacked")).hasSize(1);

			doomed.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			assertThat(doomed.isAlive()).isFalse();
			assertThat(redis.hgetall("unacked")).hasSize(1);

			survivor = app(redis, "celery.broker.visibility-timeout=2s", "celery.broker.restore-interval=1s");
			assertThat(result.get(Duration.ofSeconds(30))).isEqualTo("7 redelivered=true");
			assertThat(redis.hgetall("unacked")).isEmpty();
		}
		finally {
			doomed.destroyForcibly();
			close(client);
			close(survivor);
		}
	}

	private static ConfigurableApplicationContext app(RedisServer redis, String... extra) {
		return new SpringApplicationBuilder(Config.class).web(WebApplicationType.NONE)
			.properties("celery.broker-url=" + redis.url(0), "celery.worker.queues=" + QUEUE,
					"celery.template.default-queue=" + QUEUE)
			.properties(extra)
			.run();
	}

	private static void close(ConfigurableApplicationContext context) {
		if (context != null) {
			context.close();
		}
	}

	static Process startWorkerJvm(RedisServer redis) throws Exception {
		return startWorkerJvm(redis, QUEUE);
	}

	static Process startWorkerJvm(RedisServer redis, String queue) throws Exception {
		String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
		ProcessBuilder builder = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
				DoomedWorker.class.getName(), "--celery.broker-url=" + redis.url(0),
				"--celery.worker.queues=" + queue, "--celery.worker.acks-late=true", "--crash.block=true"));
		builder.redirectErrorStream(true);
		return builder.start();
	}

	static CompletableFuture<String> readLine(Process process, String marker) {
		return CompletableFuture.supplyAsync(() -> {
			try {
				BufferedReader reader = reader(process);
				String line;
				while ((line = reader.readLine()) != null) {
					if (line.contains(marker)) {
						return line;
					}
				}
				return null;
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	private static final java.util.Map<Process, BufferedReader> readers = new java.util.concurrent.ConcurrentHashMap<>();

	private static BufferedReader reader(Process process) {
		return readers.computeIfAbsent(process,
				(p) -> new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
	}

	/**
	 * Runs in the worker JVM that gets killed: it announces the task and blocks.
	 */
	static class CrashTasks {

		private final boolean block;

		CrashTasks(boolean block) {
			this.block = block;
		}

		@CeleryTask("it.crash.work")
		String work(int n, TaskContext context) throws InterruptedException {
			if (this.block) {
				System.out.println("STARTED " + context.id());
				System.out.flush();
				Thread.sleep(600_000);
			}
			return n + " redelivered=" + context.redelivered();
		}

		@CeleryTask("peer.echo")
		String echo(String text, TaskContext context) throws InterruptedException {
			if (this.block) {
				System.out.println("STARTED " + context.id());
				System.out.flush();
				Thread.sleep(600_000);
			}
			return text;
		}

		@CeleryTask("peer.slow")
		int slow(int seconds) {
			return -seconds;
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Config {

		@Bean
		CrashTasks crashTasks(org.springframework.core.env.Environment environment) {
			return new CrashTasks(environment.getProperty("crash.block", Boolean.class, false));
		}

	}

	/**
	 * Main class of the worker JVM.
	 */
	static final class DoomedWorker {

		public static void main(String[] args) {
			SpringApplication application = new SpringApplication(Config.class);
			application.setWebApplicationType(WebApplicationType.NONE);
			application.run(args);
			System.out.println("WORKER READY");
			System.out.flush();
		}

	}

}
