package io.celeryapi.interop;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;

import io.celeryapi.annotation.CeleryTask;
import io.celeryapi.core.AsyncResult;
import io.celeryapi.core.CeleryOperations;
import io.celeryapi.core.CeleryRemoteException;
import io.celeryapi.core.TaskOptions;
import io.celeryapi.core.TaskState;
import io.celeryapi.inspect.CeleryInspector;
import io.celeryapi.test.PythonCelery;
import io.celeryapi.test.RedisServer;
import io.celeryapi.test.RedisServerExtension;
import io.celeryapi.worker.CeleryWorker;

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
 * A Java {@link CeleryInspector#revoke} of a task queued for Python while no Python
 * worker runs: the Python worker started later learns the revoke from the Java worker
 * at start-up (Celery's mingle, the {@code hello} command) and stores REVOKED when it
 * sees the message, as Python 5.2 does.
 *
 * <p>No other Python worker may run here: one that heard the revoke would answer the
 * {@code hello} too and hide a Java answer Python cannot use.
 *
 * @author celery-api
 */
@SpringBootTest(classes = LateRevokeInteropTests.Config.class)
@DirtiesContext
@ExtendWith(RedisServerExtension.class)
class LateRevokeInteropTests {

	private static final String PYTHON_QUEUE = "python.interop.revoke.late";

	private static final Duration TIMEOUT = PythonPeer.TIMEOUT;

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
		registry.add("celery.worker.queues", () -> "java.interop.revoke.late");
		registry.add("celery.worker.hostname", () -> "java-late-revoke-" + UUID.randomUUID() + "@%h");
	}

	@BeforeAll
	static void pythonAvailable() {
		PythonCelery.assumeAvailable();
	}

	@Test
	void javaRevokeReachesAPythonWorkerStartedLater(RedisServer redis) throws Exception {
		String id = UUID.randomUUID().toString();
		AsyncResult<Object> result = this.celery.sendTask("peer.add", List.of(1, 2), Map.of(),
				TaskOptions.builder().queue(PYTHON_QUEUE).taskId(id).build());
		this.inspector.revoke(false, id);
		assertThat(revokedOn(this.javaWorker.getSettings().hostname())).contains(id);
		// Python 5.2 stores REVOKED only when it sees the message: nobody has yet.
		assertThat(result.state()).isEqualTo(TaskState.PENDING);
		try (MinglingPythonWorker late = MinglingPythonWorker.start(redis, PYTHON_QUEUE)) {
			assertThatExceptionOfType(CeleryRemoteException.class).as(late::log)
				.isThrownBy(() -> result.get(TIMEOUT))
				.satisfies((ex) -> {
					assertThat(ex.getState()).isEqualTo(TaskState.REVOKED);
					assertThat(ex.getExcType()).isEqualTo("TaskRevokedError");
				});
			assertThat(late.log()).contains("mingle: sync with 1 nodes")
				.doesNotContainPattern("mingle: sync with \\S+ failed")
				.contains("Discarding revoked task: peer.add[" + id + "]");
		}
	}

	/** The ids a worker lists as revoked, asked after any earlier pidbox request. */
	private List<String> revokedOn(String hostname) {
		Map<String, JsonNode> replies = this.inspector.broadcast("revoked", null, List.of(hostname), TIMEOUT);
		assertThat(replies).containsKey(hostname);
		List<String> ids = new ArrayList<>();
		replies.get(hostname).forEach((id) -> ids.add(id.asString()));
		return ids;
	}

	/**
	 * A Python worker of the peer app that, unlike {@link PythonCelery#startWorker}, syncs
	 * with the other workers at start-up (Celery's mingle), which is how a Python worker
	 * learns the revokes sent before it started.
	 */
	static final class MinglingPythonWorker implements AutoCloseable {

		private final Process process;

		private final StringBuffer log = new StringBuffer();

		private final CompletableFuture<Void> ready = new CompletableFuture<>();

		private MinglingPythonWorker(Process process) {
			this.process = process;
			Thread reader = new Thread(this::read, "mingling-python-worker-log");
			reader.setDaemon(true);
			reader.start();
		}

		static MinglingPythonWorker start(RedisServer redis, String queue) throws Exception {
			// PythonCelery runs every script in the directory holding the peer app.
			String directory = PythonCelery.run(TIMEOUT, Map.of(), "-c", "import os; print(os.getcwd())")
				.stdoutOrFail()
				.strip();
			ProcessBuilder builder = new ProcessBuilder(PythonCelery.PYTHON, "-m", "celery", "-A", "peerapp", "worker",
					"-P", "threads", "-c", "2", "-n", "late-" + UUID.randomUUID().toString().substring(0, 8) + "@%h",
					"-Q", queue, "-l", "info", "--without-gossip", "--without-heartbeat")
				.directory(new File(directory))
				.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
				.redirectErrorStream(true);
			Map<String, String> env = builder.environment();
			env.put("PYTHONPATH", directory);
			env.put("PYTHONUNBUFFERED", "1");
			env.put("PYTHONDONTWRITEBYTECODE", "1");
			env.put("PEER_BROKER", redis.url(0));
			env.put("PEER_BACKEND", redis.url(1));
			MinglingPythonWorker worker = new MinglingPythonWorker(builder.start());
			try {
				worker.ready.get(30, TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				worker.close();
				throw new AssertionError("Python worker not ready:\n" + worker.log(), ex);
			}
			return worker;
		}

		private void read() {
			try (BufferedReader reader = new BufferedReader(
					new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = reader.readLine()) != null) {
					this.log.append(line).append('\n');
					if (line.contains("ready.")) {
						this.ready.complete(null);
					}
				}
			}
			catch (IOException ex) {
				// the process is gone
			}
			this.ready.completeExceptionally(new IllegalStateException("worker exited"));
		}

		String log() {
			return this.log.toString();
		}

		@Override
		public void close() throws InterruptedException {
			this.process.destroy();
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}

	}

	/**
	 * A task, so that the Java worker runs and answers remote control.
	 */
	static class JavaTasks {

		@CeleryTask("java.late.noop")
		public void noop() {
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
