package io.celeryapi.worker;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.celeryapi.annotation.CeleryTask;
import io.celeryapi.core.AsyncResult;
import io.celeryapi.core.CeleryOperations;
import io.celeryapi.test.PythonCelery;
import io.celeryapi.test.RedisServer;
import io.celeryapi.test.RedisServerExtension;
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
import static org.awaitility.Awaitility.await;

/**
 * {@code celery events --dump} shows a Java worker's heartbeats and task events.
 */
@SpringBootTest(classes = EventsInteropTests.Config.class)
@ExtendWith(RedisServerExtension.class)
@DirtiesContext
class EventsInteropTests {

	static final String HOST = "java-events@testhost";

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		RedisServer redis = RedisServerExtension.shared();
		registry.add("celery.broker-url", () -> redis.url(3));
		registry.add("celery.worker.queues", () -> "events.q");
		registry.add("celery.template.default-queue", () -> "events.q");
		registry.add("celery.worker.hostname", () -> HOST);
		registry.add("celery.worker.send-events", () -> "true");
	}

	@BeforeAll
	static void python() {
		PythonCelery.assumeAvailable();
	}

	@Autowired
	CeleryOperations celery;

	@Test
	void eventsDumpShowsHeartbeatsAndTaskEvents() throws Exception {
		List<String> lines = new CopyOnWriteArrayList<>();
		ProcessBuilder builder = new ProcessBuilder(PythonCelery.PYTHON, "-m", "celery", "-b",
				RedisServerExtension.shared().url(3), "events", "--dump");
		builder.redirectErrorStream(true);
		builder.environment().put("PYTHONUNBUFFERED", "1");
		Process dump = builder.start();
		Thread reader = new Thread(() -> {
			try (BufferedReader in = new BufferedReader(
					new InputStreamReader(dump.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = in.readLine()) != null) {
					lines.add(line);
				}
			}
			catch (Exception ex) {
				// process ended
			}
		});
		reader.setDaemon(true);
		reader.start();
		try {
			await().atMost(Duration.ofSeconds(20))
				.until(() -> lines.stream().anyMatch((l) -> l.startsWith(HOST) && l.contains("heartbeat")));
			AsyncResult<Object> result = this.celery.sendTask("events.add", 2, 3);
			assertThat(result.get(Duration.ofSeconds(10))).isEqualTo(5);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> lines.stream().anyMatch((l) -> l.contains("task succeeded") && l.contains(result.id())));
			assertThat(lines).anyMatch((l) -> l.startsWith(HOST) && l.contains("task received")
					&& l.contains("events.add(" + result.id() + ")"));
			assertThat(lines).anyMatch((l) -> l.contains("task started") && l.contains(result.id()));
			assertThat(lines).anyMatch((l) -> l.contains("task succeeded") && l.contains("result=5"));
		}
		finally {
			dump.destroyForcibly().waitFor();
		}
	}

	static class Tasks {

		@CeleryTask("events.add")
		int add(int x, int y) {
			return x + y;
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
