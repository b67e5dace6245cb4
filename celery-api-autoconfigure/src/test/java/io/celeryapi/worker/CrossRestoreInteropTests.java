package io.celeryapi.worker;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.celeryapi.core.AsyncResult;
import io.celeryapi.core.CeleryOperations;
import io.celeryapi.test.PythonCelery;
import io.celeryapi.test.PythonWorker;
import io.celeryapi.test.RedisServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Python worker restores what a killed Java worker left unacknowledged, and a Java
 * worker restores what a killed Python worker left.
 */
class CrossRestoreInteropTests {

	@BeforeAll
	static void python() {
		PythonCelery.assumeAvailable();
	}

	// A server of its own: restores act on the whole db's unacked hash, not just this test's messages.
	@Test
	void pythonWorkerRestoresWhatAKilledJavaWorkerLeft() throws Exception {
		try (RedisServer redis = RedisServer.start()) {
			pythonWorkerRestoresWhatAKilledJavaWorkerLeft(redis);
		}
	}

	@Test
	void javaWorkerRestoresWhatAKilledPythonWorkerLeft() throws Exception {
		try (RedisServer redis = RedisServer.start()) {
			javaWorkerRestoresWhatAKilledPythonWorkerLeft(redis);
		}
	}

	private void pythonWorkerRestoresWhatAKilledJavaWorkerLeft(RedisServer redis) throws Exception {
		String queue = "restore.j2p";
		Process doomed = CrashRecoveryIntegrationTests.startWorkerJvm(redis, queue);
		ConfigurableApplicationContext client = null;
		PythonWorker python = null;
		try {
			assertThat(CrashRecoveryIntegrationTests.readLine(doomed, "WORKER READY").get(60, TimeUnit.SECONDS))
				.isNotNull();
			client = client(redis);
			var started = CrashRecoveryIntegrationTests.readLine(doomed, "STARTED");
			AsyncResult<Object> result = client.getBean(CeleryOperations.class)
				.sendTask("peer.echo", java.util.List.of("restored by python"), Map.of(),
						io.celeryapi.core.TaskOptions.builder().queue(queue).build());
			assertThat(started.get(20, TimeUnit.SECONDS)).contains(result.id());
			doomed.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			awaitOlderThanVisibilityTimeout(redis, 2);
			python = PythonCelery.startWorker(Map.of("PEER_VT", "2"), redis.url(0), redis.url(0), "-Q", queue);
			assertThat(result.get(Duration.ofSeconds(30))).isEqualTo(Map.of("args", java.util.List.of("restored by python"),
					"kwargs", Map.of()));
		}
		finally {
			doomed.destroyForcibly();
			if (python != null) {
				python.close();
			}
			if (client != null) {
				client.close();
			}
		}
	}

	private void javaWorkerRestoresWhatAKilledPythonWorkerLeft(RedisServer redis) throws Exception {
		String queue = "restore.p2j";
		PythonWorker python = PythonCelery.startWorker(redis.url(0), redis.url(0), "-P", "solo", "-Q", queue);
		ConfigurableApplicationContext client = client(redis);
		ConfigurableApplicationContext survivor = null;
		try {
			AsyncResult<Object> result = client.getBean(CeleryOperations.class)
				.sendTask("peer.slow", java.util.List.of(30), Map.of(),
						io.celeryapi.core.TaskOptions.builder().queue(queue).build());
			// -P solo acknowledges after the task: it stays unacked while it runs.
			await().atMost(Duration.ofSeconds(20)).until(() -> redis.hgetall("unacked").size() == 1);
			python.kill();
			assertThat(redis.hgetall("unacked")).hasSize(1);
			survivor = new SpringApplicationBuilder(CrashRecoveryIntegrationTests.Config.class)
				.web(WebApplicationType.NONE)
				.properties("celery.broker-url=" + redis.url(0), "celery.worker.queues=" + queue,
						"celery.broker.visibility-timeout=1s", "celery.broker.restore-interval=1s")
				.run();
			assertThat(result.get(Duration.ofSeconds(30))).isEqualTo(-30);
		}
		finally {
			python.close();
			client.close();
			if (survivor != null) {
				survivor.close();
			}
		}
	}

	private static ConfigurableApplicationContext client(RedisServer redis) {
		return new SpringApplicationBuilder(CrashRecoveryIntegrationTests.Config.class).web(WebApplicationType.NONE)
			.properties("celery.broker-url=" + redis.url(0), "celery.worker.enabled=false")
			.run();
	}

	/**
	 * Visibility timeouts are about elapsed time: wait until the unacked entry is older than
	 * the Python worker's visibility timeout, measured from its own delivery time.
	 */
	private static void awaitOlderThanVisibilityTimeout(RedisServer redis, int seconds) throws InterruptedException {
		String score = redis.command("ZRANGE", "unacked_index", "0", "0", "WITHSCORES");
		double delivered = Double.parseDouble(score.split("\n")[1]);
		long waitMillis = (long) ((delivered + seconds + 0.3) * 1000) - System.currentTimeMillis();
		if (waitMillis > 0) {
			Thread.sleep(waitMillis);
		}
	}

}
