package io.celeryapi.inspect;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.celeryapi.annotation.CeleryClient;
import io.celeryapi.annotation.CeleryTask;
import io.celeryapi.client.ClientVerifier;
import io.celeryapi.core.CeleryOperations;
import io.celeryapi.test.PythonCelery;
import io.celeryapi.test.PythonWorker;
import io.celeryapi.test.RedisServer;
import io.celeryapi.test.RedisServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The Java inspector sees Python and Java workers alike; discovery routing and the client
 * contract check use what it sees.
 */
@SpringBootTest(classes = InspectorInteropTests.Config.class)
@ExtendWith(RedisServerExtension.class)
@DirtiesContext
class InspectorInteropTests {

	static final String JAVA_HOST = "java-inspect@testhost";

	static final Duration TIMEOUT = Duration.ofSeconds(2);

	static PythonWorker python;

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		RedisServer redis = RedisServerExtension.shared();
		registry.add("celery.broker-url", () -> redis.url(7));
		registry.add("celery.worker.queues", () -> "inspect.java");
		registry.add("celery.worker.hostname", () -> JAVA_HOST);
		registry.add("celery.client.verify", () -> "off");
	}

	@BeforeAll
	static void startPython() {
		PythonCelery.assumeAvailable();
		RedisServer redis = RedisServerExtension.shared();
		python = PythonCelery.startWorker(redis.url(7), redis.url(7), "-Q", "inspect.python");
	}

	@AfterAll
	static void stopPython() {
		if (python != null) {
			python.close();
		}
	}

	@Autowired
	CeleryInspector inspector;

	@Autowired
	ClientVerifier verifier;

	@Test
	void pingReachesPythonAndJavaWorkers() {
		Map<String, String> pongs = this.inspector.ping(TIMEOUT);
		assertThat(pongs).containsEntry(JAVA_HOST, "pong").containsEntry(python.hostname(), "pong");
	}

	@Test
	void registeredAndActiveQueuesOfBoth() {
		Map<String, List<String>> registered = this.inspector.registered(TIMEOUT);
		assertThat(registered.get(JAVA_HOST)).containsExactly("inspect.java_task");
		assertThat(registered.get(python.hostname())).contains("peer.add", "peer.echo");
		Map<String, List<QueueInfo>> queues = this.inspector.activeQueues(TIMEOUT);
		assertThat(queues.get(JAVA_HOST)).extracting(QueueInfo::name).containsExactly("inspect.java");
		assertThat(queues.get(python.hostname())).extracting(QueueInfo::name).containsExactly("inspect.python");
		assertThat(this.inspector.stats(TIMEOUT).get(python.hostname())).containsKey("pool");
	}

	@Test
	void catalogIsATreeOfTasksWithWorkersAndQueues() {
		TaskCatalog catalog = this.inspector.catalog(TIMEOUT);
		assertThat(catalog.children("")).contains("inspect", "peer");
		assertThat(catalog.children("peer")).contains("add", "echo", "fail");
		assertThat(catalog.get("peer.add").queues()).containsExactly("inspect.python");
		assertThat(catalog.get("inspect.java_task").workers()).containsExactly(JAVA_HOST);
		assertThat(catalog.isServed("nobody.serves")).isFalse();
	}

	@Test
	void discoveryRoutingSendsToAQueueOfAWorkerThatRegisteredTheTask() {
		RedisServer redis = RedisServerExtension.shared();
		try (var client = new SpringApplicationBuilder(ClientConfig.class).web(WebApplicationType.NONE)
			.properties("celery.broker-url=" + redis.url(7), "celery.client.routing=discovery",
					"celery.worker.enabled=false", "celery.client.verify=off")
			.run()) {
			CeleryOperations celery = client.getBean(CeleryOperations.class);
			// No queue given anywhere: discovery finds the Python worker's queue, then the Java one's.
			assertThat(celery.sendTask("peer.add", 2, 3).get(Duration.ofSeconds(10))).isEqualTo(5);
			assertThat(celery.sendTask("inspect.java_task", "x").get(Duration.ofSeconds(10))).isEqualTo("java x");
		}
	}

	@Test
	void contractCheckReportsMissingClientTasksByName() {
		assertThat(this.verifier.missingTasks()).extracting((t) -> t.task()).containsExactly("peer.nonexistent");
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> this.verifier.verify(true))
			.withMessageContaining("peer.nonexistent")
			.withMessageNotContaining("peer.add");
	}

	@Test
	void contractCheckFailModeRefusesToStart() {
		RedisServer redis = RedisServerExtension.shared();
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> new SpringApplicationBuilder(ClientConfig.class).web(WebApplicationType.NONE)
				.properties("celery.broker-url=" + redis.url(7), "celery.worker.enabled=false",
						"celery.client.verify=fail")
				.run()
				.close())
			.withMessageContaining("peer.nonexistent");
	}

	@CeleryClient(name = "peer")
	interface PeerClient {

		int add(int x, int y);

		String nonexistent();

	}

	static class JavaTasks {

		@CeleryTask("inspect.java_task")
		String task(String x) {
			return "java " + x;
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

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ClientConfig {

	}

}
