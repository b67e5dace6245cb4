package io.celeryapi.client;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.celeryapi.annotation.CeleryCall;
import io.celeryapi.annotation.CeleryClient;
import io.celeryapi.annotation.CeleryTask;
import io.celeryapi.core.AsyncResult;
import io.celeryapi.core.CeleryOperations;
import io.celeryapi.core.CeleryTimeoutException;
import io.celeryapi.core.TaskContext;
import io.celeryapi.core.TaskOptions;
import io.celeryapi.test.RedisServer;
import io.celeryapi.test.RedisServerExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@code celery.client.<name>.*} properties, {@code celery.client.routes} and
 * {@code celery.template.default-queue} over a real Redis: each link of the queue
 * precedence, observed by the queue the worker took the task from, and the options of a
 * message left in a queue no worker consumes.
 */
@SpringBootTest(classes = ClientPropertiesIntegrationTests.Config.class)
@ExtendWith(RedisServerExtension.class)
@DirtiesContext
class ClientPropertiesIntegrationTests {

	static final String PREFIX = "it.client.props.";

	static final String CLIENT_ANNOTATION = PREFIX + "client-annotation";

	static final String CLIENT_PROPERTY = PREFIX + "client-property";

	static final String CALL_ANNOTATION = PREFIX + "call-annotation";

	static final String METHOD_PROPERTY = PREFIX + "method-property";

	static final String PER_CALL = PREFIX + "per-call";

	static final String ROUTED = PREFIX + "routed";

	static final String DEFAULT = PREFIX + "default";

	/** A queue no worker consumes: what is sent there stays for inspection. */
	static final String PARKED = PREFIX + "parked";

	static final Duration TIMEOUT = Duration.ofSeconds(20);

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		RedisServer redis = RedisServerExtension.shared();
		registry.add("celery.broker-url", () -> redis.url(0));
		registry.add("celery.worker.queues", () -> String.join(",", CLIENT_ANNOTATION, CLIENT_PROPERTY,
				CALL_ANNOTATION, METHOD_PROPERTY, PER_CALL, ROUTED, DEFAULT));
		registry.add("celery.worker.concurrency", () -> "4");
		registry.add("celery.template.default-queue", () -> DEFAULT);
		registry.add("celery.client.routes[routed.*]", () -> ROUTED);
		registry.add("celery.client.routes[props.*]", () -> PREFIX + "never");
		registry.add("celery.client.props.queue", () -> CLIENT_PROPERTY);
		registry.add("celery.client.props.methods.fromMethodProperty.queue", () -> METHOD_PROPERTY);
		registry.add("celery.client.props.methods.fromMethodPropertyWith.queue", () -> METHOD_PROPERTY);
		registry.add("celery.client.props.methods.parked.queue", () -> PARKED);
		registry.add("celery.client.props.methods.parked.priority", () -> "6");
		registry.add("celery.client.props.methods.parked.countdown", () -> "1h");
		registry.add("celery.client.props.methods.parked.expires", () -> "2h");
		registry.add("celery.client.props.methods.kebab-case-method.queue", () -> METHOD_PROPERTY);
		registry.add("celery.client.slowprops.timeout", () -> "300ms");
		registry.add("celery.client.slowprops.methods.slowMethod.timeout", () -> "250ms");
		registry.add("celery.client.slowprops.methods.slowMethod.queue", () -> DEFAULT);
	}

	@Autowired
	Props props;

	@Autowired
	Annotated annotated;

	@Autowired
	Routed routed;

	@Autowired
	Plain plain;

	@Autowired
	SlowProps slow;

	@Autowired
	Tasks tasks;

	@Autowired
	CeleryOperations celery;

	@BeforeEach
	void block() {
		this.tasks.release = new CountDownLatch(1);
	}

	@AfterEach
	void release() {
		this.tasks.release.countDown();
		RedisServerExtension.shared().command("DEL", PARKED, PARKED + "\u0006\u00166");
	}

	@Test
	void clientAnnotationQueue() {
		assertThat(this.annotated.where()).isEqualTo(CLIENT_ANNOTATION);
	}

	@Test
	void clientPropertyBeatsClientAnnotation() {
		assertThat(this.props.where()).isEqualTo(CLIENT_PROPERTY);
	}

	@Test
	void callAnnotationBeatsClientProperty() {
		assertThat(this.props.fromCallAnnotation()).isEqualTo(CALL_ANNOTATION);
	}

	@Test
	void methodPropertyBeatsCallAnnotation() {
		assertThat(this.props.fromMethodProperty()).isEqualTo(METHOD_PROPERTY);
	}

	@Test
	void methodPropertyInKebabCase() {
		assertThat(this.props.kebabCaseMethod()).isEqualTo(METHOD_PROPERTY);
	}

	@Test
	void perCallOptionsBeatEverything() {
		assertThat(this.props.fromMethodPropertyWith(TaskOptions.builder().queue(PER_CALL).build()))
			.isEqualTo(PER_CALL);
		assertThat(this.props.fromMethodPropertyWith(null)).isEqualTo(METHOD_PROPERTY);
	}

	@Test
	void routesApplyWhenNothingNamesAQueue() {
		assertThat(this.routed.where()).isEqualTo(ROUTED);
	}

	@Test
	void anyQueueSettingBeatsTheRoutes() {
		assertThat(this.props.where()).as("props.* is routed elsewhere").isEqualTo(CLIENT_PROPERTY);
	}

	@Test
	void defaultQueueIsTheLastResort() {
		assertThat(this.plain.where()).isEqualTo(DEFAULT);
	}

	@Test
	void methodPropertiesSetPriorityCountdownAndExpiresOnTheMessage() {
		Instant before = Instant.now();
		AsyncResult<String> handle = this.props.parked();
		RedisServer redis = RedisServerExtension.shared();
		assertThat(redis.llen(PARKED)).as("priority 6 is not in the plain list").isZero();
		List<String> messages = redis.lrange(PARKED + "\u0006\u00166");
		assertThat(messages).hasSize(1);
		JsonNode message = JsonMapper.builder().build().readTree(messages.get(0));
		assertThat(message.get("headers").get("id").asString()).isEqualTo(handle.id());
		assertThat(message.get("properties").get("priority").asInt()).isEqualTo(6);
		Instant eta = OffsetDateTime.parse(message.get("headers").get("eta").asString()).toInstant();
		Instant expires = OffsetDateTime.parse(message.get("headers").get("expires").asString()).toInstant();
		assertThat(eta).isBetween(before.plus(Duration.ofMinutes(59)), Instant.now().plus(Duration.ofHours(1)));
		assertThat(expires).isBetween(before.plus(Duration.ofMinutes(119)), Instant.now().plus(Duration.ofHours(2)));
	}

	@Test
	void clientTimeoutProperty() {
		long start = System.nanoTime();
		CeleryTimeoutException ex = catchThrowableOfType(CeleryTimeoutException.class, () -> this.slow.slow());
		assertThat(ex).isNotNull();
		assertThat(ex.getTaskName()).isEqualTo("slowprops.slow");
		assertThat(ex.getMessage()).contains("300 ms");
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(10_000);
	}

	@Test
	void methodTimeoutPropertyBeatsTheClients() {
		CeleryTimeoutException ex = catchThrowableOfType(CeleryTimeoutException.class,
				() -> this.slow.slowMethod());
		assertThat(ex).isNotNull();
		assertThat(ex.getMessage()).contains("250 ms");
	}

	@CeleryClient(name = "annotated", queue = CLIENT_ANNOTATION)
	interface Annotated {

		@CeleryCall(name = "props.where")
		String where();

	}

	@CeleryClient(name = "props", queue = CLIENT_ANNOTATION)
	interface Props {

		String where();

		@CeleryCall(name = "props.where", queue = CALL_ANNOTATION)
		String fromCallAnnotation();

		@CeleryCall(name = "props.where", queue = CALL_ANNOTATION)
		String fromMethodProperty();

		@CeleryCall(name = "props.where", queue = CALL_ANNOTATION)
		String kebabCaseMethod();

		@CeleryCall(name = "props.where", queue = CALL_ANNOTATION)
		String fromMethodPropertyWith(TaskOptions options);

		@CeleryCall(name = "props.where")
		AsyncResult<String> parked();

	}

	@CeleryClient(name = "routed")
	interface Routed {

		String where();

	}

	@CeleryClient(name = "plain")
	interface Plain {

		String where();

	}

	@CeleryClient(name = "slowprops", queue = DEFAULT)
	interface SlowProps {

		String slow();

		@CeleryCall(name = "slowprops.slow")
		String slowMethod();

	}

	static class Tasks {

		volatile CountDownLatch release = new CountDownLatch(1);

		@CeleryTask("props.where")
		String where(TaskContext context) {
			return context.queue();
		}

		@CeleryTask("routed.where")
		String routedWhere(TaskContext context) {
			return context.queue();
		}

		@CeleryTask("plain.where")
		String plainWhere(TaskContext context) {
			return context.queue();
		}

		@CeleryTask("slowprops.slow")
		String slow() throws InterruptedException {
			this.release.await(30, TimeUnit.SECONDS);
			return "late";
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
