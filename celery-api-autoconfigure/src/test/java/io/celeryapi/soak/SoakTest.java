package io.celeryapi.soak;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarFile;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.celeryapi.annotation.CeleryTask;
import io.celeryapi.core.TaskContext;
import io.celeryapi.core.TaskOptions;
import io.celeryapi.internal.TaskPublisher;
import io.celeryapi.test.PythonCelery;
import io.celeryapi.test.RedisServer;
import io.celeryapi.test.RedisServerExtension;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Run it (not part of the normal build; needs {@code python3-celery}):
 *
 * <pre>
 * mvn -pl celery-api-autoconfigure test -Dtest=SoakTest -Dsoak=true -Dsoak.tasks=100000
 * </pre>
 *
 * Options: {@code -Dsoak.tasks=N} (default 100000), {@code -Dsoak.timeout=<minutes>} (default
 * 10 + N/10000), {@code -Dsoak.vt=<seconds>} (visibility timeout, default 10),
 * {@code -Dsoak.java-concurrency=4}, {@code -Dsoak.python-concurrency=4}. On a 2-core machine
 * 100,000 tasks take about a minute, worker start-up included.
 *
 * <p>Soak test of "at least once" across languages: N tasks {@code peer.add} on one queue,
 * served by two Java worker JVMs and one Python Celery worker, all acks-late with a short
 * visibility timeout. When a third of the tasks ran, one Java worker is killed
 * ({@code destroyForcibly}, i.e. {@code kill -9}) and a new one started in its place.
 *
 * <p>Every run of a task counts itself ({@code HINCRBY soak.runs <id> 1}). At the end every
 * task must have run and stored SUCCESS; a task may have run more than once only if its
 * message was unacknowledged when the worker was killed.
 *
 * <p>The worker JVMs run from a private copy of {@code target/classes} and
 * {@code target/test-classes}, so that a build in the same tree cannot pull classes from
 * under them.
 *
 * @author celery-api
 */
@EnabledIfSystemProperty(named = "soak", matches = "true")
@ExtendWith(RedisServerExtension.class)
class SoakTest {

	static final String QUEUE = "soak.q";

	private static final int BROKER_DB = 12;

	private static final int BACKEND_DB = 13;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final int tasks = Integer.getInteger("soak.tasks", 100_000);

	private final int visibilityTimeout = Integer.getInteger("soak.vt", 10);

	private final Duration timeout = Duration
		.ofMinutes(Long.getLong("soak.timeout", 10 + this.tasks / 10_000));

	private Path work;

	@BeforeAll
	static void pythonAvailable() {
		PythonCelery.assumeAvailable();
	}

	@Test
	void everyTaskRunsAtLeastOnceWhileAJavaWorkerIsKilled(RedisServer redis) throws Exception {
		this.work = Files.createTempDirectory("celery-soak-");
		System.out.println("[soak] " + this.tasks + " tasks, logs in " + this.work);
		RedisClient client = RedisClient.create(redis.url(BROKER_DB));
		List<Process> processes = new ArrayList<>();
		ConfigurableApplicationContext sender = null;
		boolean passed = false;
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			RedisCommands<String, String> broker = connection.sync();
			broker.flushdb();
			flush(client, redis.url(BACKEND_DB));
			List<String> classpath = isolatedClasspath();

			Process java1 = startJavaWorker(classpath, redis, "soak-java-1");
			processes.add(java1);
			Process java2 = startJavaWorker(classpath, redis, "soak-java-2");
			processes.add(java2);
			Process python = startPythonWorker(redis);
			processes.add(python);
			awaitReady(broker, 3);

			sender = new SpringApplicationBuilder(SenderConfig.class).web(WebApplicationType.NONE)
				.properties("celery.broker-url=" + redis.url(BROKER_DB), "celery.result-backend=" + redis.url(BACKEND_DB),
						"celery.worker.enabled=false", "spring.main.banner-mode=off")
				.run();
			TaskPublisher publisher = sender.getBean(TaskPublisher.class);
			List<String> ids = new ArrayList<>(this.tasks);
			for (int i = 0; i < this.tasks; i++) {
				ids.add(UUID.randomUUID().toString());
			}
			long started = System.nanoTime();
			AtomicInteger sent = new AtomicInteger();
			CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
				var objectType = publisher.mapper().constructType(Object.class);
				for (int i = 0; i < this.tasks; i++) {
					publisher.publish("peer.add", JSON.createArrayNode().add(i).add(1), JSON.createObjectNode(),
							TaskOptions.builder().queue(QUEUE).taskId(ids.get(i)).build(), objectType, null, false);
					sent.incrementAndGet();
				}
				System.out.printf("[soak] all %d sent in %.1f s%n", this.tasks, (System.nanoTime() - started) / 1e9);
			});

			// Kill one Java worker a third of the way through, and start another in its place.
			long deadline = System.nanoTime() + this.timeout.toNanos();
			waitFor(() -> broker.hlen("soak.runs") >= this.tasks / 3, deadline, broker, sent);
			java2.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
			Set<String> inFlightAtKill = unackedTaskIds(broker);
			long ranAtKill = broker.hlen("soak.runs");
			System.out.printf("[soak] killed soak-java-2 after %d tasks ran; %d messages unacknowledged%n",
					ranAtKill, inFlightAtKill.size());
			processes.add(startJavaWorker(classpath, redis, "soak-java-2b"));
			awaitReady(broker, 1);
			long ranWhenReplaced = broker.hlen("soak.runs");

			sending.get(this.timeout.toSeconds(), TimeUnit.SECONDS);
			waitFor(() -> broker.hlen("soak.runs") >= this.tasks && broker.llen(QUEUE) == 0
					&& broker.hlen("unacked") == 0, deadline, broker, sent);
			double seconds = (System.nanoTime() - started) / 1e9;

			Map<String, String> runs = broker.hgetall("soak.runs");
			int once = 0;
			List<String> more = new ArrayList<>();
			int missing = 0;
			for (String id : ids) {
				String count = runs.get(id);
				if (count == null) {
					missing++;
				}
				else if (Integer.parseInt(count) == 1) {
					once++;
				}
				else {
					more.add(id);
				}
			}
			Map<String, Integer> states = resultStates(client, redis.url(BACKEND_DB), ids);
			Map<String, String> byWorker = new TreeMap<>(broker.hgetall("soak.workers"));
			long unexpected = more.stream().filter((id) -> !inFlightAtKill.contains(id)).count();

			StringBuilder table = new StringBuilder("\n[soak] ===== results =====\n");
			row(table, "tasks sent", this.tasks);
			row(table, "ran exactly once", once);
			row(table, "ran more than once", more.size());
			row(table, "  of which unacked at kill", more.size() - unexpected);
			row(table, "missing (never ran)", missing);
			states.forEach((state, count) -> row(table, "result " + state, count));
			byWorker.forEach((worker, count) -> row(table, "runs on " + worker, Integer.parseInt(count)));
			row(table, "unacked at kill", inFlightAtKill.size());
			table.append(String.format("[soak] %-28s %10.1f s (%.0f tasks/s)%n", "elapsed", seconds, this.tasks / seconds));
			System.out.print(table);
			Files.writeString(this.work.resolve("results.txt"), table);

			assertThat(missing).as("tasks that never ran").isZero();
			assertThat(states).as("stored result states").containsOnlyKeys("SUCCESS");
			assertThat(states.get("SUCCESS")).isEqualTo(this.tasks);
			assertThat(unexpected).as("tasks run twice that were not in flight on the killed worker").isZero();
			assertThat(byWorker.keySet()).as("workers that ran tasks")
				.anyMatch((w) -> w.startsWith("soak-java-1@"))
				.anyMatch((w) -> w.startsWith("soak-java-2@"))
				.anyMatch((w) -> w.startsWith("soak-python@"));
			if (ranWhenReplaced < this.tasks * 0.9) {
				// Enough work was left for the new worker to take part.
				assertThat(byWorker.keySet()).as("workers that ran tasks")
					.anyMatch((w) -> w.startsWith("soak-java-2b@"));
			}
			passed = true;
		}
		finally {
			if (sender != null) {
				sender.close();
			}
			for (Process process : processes) {
				process.destroy();
			}
			for (Process process : processes) {
				if (!process.waitFor(15, TimeUnit.SECONDS)) {
					process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				}
			}
			client.shutdown();
			if (passed) {
				deleteRecursively(this.work);
			}
			else {
				System.out.println("[soak] logs kept in " + this.work);
			}
		}
	}

	private static void deleteRecursively(Path directory) throws IOException {
		Files.walkFileTree(directory, new SimpleFileVisitor<>() {
			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
				Files.delete(file);
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult postVisitDirectory(Path dir, IOException ex) throws IOException {
				Files.delete(dir);
				return FileVisitResult.CONTINUE;
			}
		});
	}

	private static void row(StringBuilder table, String label, long value) {
		table.append(String.format("[soak] %-28s %10d%n", label, value));
	}

	/** Polls Redis once a second, printing progress, until the condition holds. */
	private void waitFor(java.util.function.BooleanSupplier condition, long deadline,
			RedisCommands<String, String> broker, AtomicInteger sent) throws InterruptedException {
		long lastPrint = 0;
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("soak did not finish within " + this.timeout + ": sent " + sent.get()
						+ ", ran " + broker.hlen("soak.runs") + ", queued " + broker.llen(QUEUE) + ", unacked "
						+ broker.hlen("unacked") + "; logs in " + this.work);
			}
			if (System.nanoTime() - lastPrint > 5_000_000_000L) {
				lastPrint = System.nanoTime();
				System.out.printf("[soak] %tT sent %d, ran %d, queued %d, unacked %d%n", new java.util.Date(), sent.get(),
						broker.hlen("soak.runs"), broker.llen(QUEUE), broker.hlen("unacked"));
			}
			Thread.sleep(200);
		}
	}

	/** Waits for that many workers to push their names onto {@code soak.ready}. */
	private void awaitReady(RedisCommands<String, String> broker, int count) {
		for (int i = 0; i < count; i++) {
			KeyValue<String, String> ready = broker.blpop(120, "soak.ready");
			assertThat(ready).as("a worker was not ready within 120 s; logs in " + this.work).isNotNull();
			System.out.println("[soak] ready: " + ready.getValue());
		}
	}

	/** The task ids of every message taken but not acknowledged. */
	private static Set<String> unackedTaskIds(RedisCommands<String, String> broker) {
		Set<String> ids = new HashSet<>();
		for (String stored : broker.hvals("unacked")) {
			JsonNode envelope = JSON.readTree(stored).get(0);
			if (envelope.isString()) {
				envelope = JSON.readTree(envelope.asString());
			}
			ids.add(envelope.path("headers").path("id").asString());
		}
		return ids;
	}

	/** How many of the tasks stored which state, read in batches with MGET. */
	private static Map<String, Integer> resultStates(RedisClient client, String backendUrl, List<String> ids) {
		Map<String, Integer> states = new TreeMap<>();
		try (StatefulRedisConnection<String, String> backend = client
			.connect(io.lettuce.core.RedisURI.create(backendUrl))) {
			for (int from = 0; from < ids.size(); from += 1000) {
				String[] keys = ids.subList(from, Math.min(ids.size(), from + 1000))
					.stream()
					.map((id) -> "celery-task-meta-" + id)
					.toArray(String[]::new);
				for (KeyValue<String, String> meta : backend.sync().mget(keys)) {
					String state = meta.hasValue() ? JSON.readTree(meta.getValue()).path("status").asString()
							: "(none)";
					states.merge(state, 1, Integer::sum);
				}
			}
		}
		return states;
	}

	private static void flush(RedisClient client, String url) {
		try (StatefulRedisConnection<String, String> connection = client.connect(io.lettuce.core.RedisURI.create(url))) {
			connection.sync().flushdb();
		}
	}

	private Process startJavaWorker(List<String> classpath, RedisServer redis, String name) throws IOException {
		String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
		Path argfile = this.work.resolve("classpath.args");
		if (!Files.exists(argfile)) {
			Files.writeString(argfile, "-cp \"" + String.join(File.pathSeparator, classpath) + "\"\n");
		}
		List<String> command = List.of(java, "-Xmx384m", "-XX:+UseSerialGC", "@" + argfile,
				SoakWorker.class.getName(), "--celery.broker-url=" + redis.url(BROKER_DB),
				"--celery.result-backend=" + redis.url(BACKEND_DB), "--celery.worker.queues=" + QUEUE,
				"--celery.worker.hostname=" + name + "@%h", "--celery.worker.acks-late=true",
				"--celery.worker.concurrency=" + Integer.getInteger("soak.java-concurrency", 4),
				"--celery.broker.visibility-timeout=" + this.visibilityTimeout + "s",
				"--celery.broker.restore-interval=2s", "--soak.redis=" + redis.url(BROKER_DB),
				"--spring.main.banner-mode=off");
		return new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(this.work.resolve(name + ".log").toFile())
			.start();
	}

	private Process startPythonWorker(RedisServer redis) throws IOException {
		Path directory = Files.createDirectories(this.work.resolve("python"));
		try (InputStream in = SoakTest.class.getResourceAsStream("soak_app.py")) {
			Files.copy(in, directory.resolve("soak_app.py"), StandardCopyOption.REPLACE_EXISTING);
		}
		ProcessBuilder builder = new ProcessBuilder(PythonCelery.PYTHON, "-m", "celery", "-A", "soak_app", "worker",
				"-P", "threads", "-c", String.valueOf(Integer.getInteger("soak.python-concurrency", 4)), "-Q", QUEUE,
				"-n", "soak-python@%h", "-l", "warning", "--without-mingle", "--without-gossip",
				"--without-heartbeat")
			.directory(directory.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.redirectErrorStream(true)
			.redirectOutput(this.work.resolve("soak-python.log").toFile());
		Map<String, String> env = builder.environment();
		env.put("PYTHONPATH", directory.toString());
		env.put("PYTHONUNBUFFERED", "1");
		env.put("PYTHONDONTWRITEBYTECODE", "1");
		env.put("SOAK_BROKER", redis.url(BROKER_DB));
		env.put("SOAK_BACKEND", redis.url(BACKEND_DB));
		env.put("SOAK_VT", String.valueOf(this.visibilityTimeout));
		return builder.start();
	}

	/**
	 * The test JVM's classpath, with this module's {@code target/classes} and
	 * {@code target/test-classes} replaced by copies in the work directory.
	 */
	private List<String> isolatedClasspath() throws IOException {
		List<String> entries = new ArrayList<>();
		for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
			Path path = Path.of(entry);
			if (entry.endsWith(".jar") && path.getFileName().toString().startsWith("surefirebooter")) {
				// Surefire's manifest-only jar: its Class-Path holds the real classpath.
				try (JarFile jar = new JarFile(path.toFile())) {
					for (String url : jar.getManifest().getMainAttributes().getValue("Class-Path").split(" ")) {
						if (!url.isBlank()) {
							entries.add(Path.of(URI.create(url)).toString());
						}
					}
				}
			}
			else {
				entries.add(entry);
			}
		}
		List<String> isolated = new ArrayList<>();
		for (String entry : entries) {
			Path path = Path.of(entry);
			if (Files.isDirectory(path) && path.endsWith(Path.of("target", "classes"))) {
				isolated.add(copy(path, this.work.resolve("classes")).toString());
			}
			else if (Files.isDirectory(path) && path.endsWith(Path.of("target", "test-classes"))) {
				isolated.add(copy(path, this.work.resolve("test-classes")).toString());
			}
			else {
				isolated.add(entry);
			}
		}
		return isolated;
	}

	private static Path copy(Path from, Path to) throws IOException {
		if (Files.exists(to)) {
			// Two modules' class directories: keep them apart.
			to = to.resolveSibling(to.getFileName() + "-" + UUID.randomUUID().toString().substring(0, 8));
		}
		Path target = to;
		Files.walkFileTree(from, new SimpleFileVisitor<>() {
			@Override
			public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
				Files.createDirectories(target.resolve(from.relativize(dir).toString()));
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
				Files.copy(file, target.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING);
				return FileVisitResult.CONTINUE;
			}
		});
		return target;
	}

	/**
	 * The Java {@code peer.add}: counts its run per task id and per worker, then adds.
	 */
	static class SoakTasks implements AutoCloseable {

		private final RedisClient client;

		private final StatefulRedisConnection<String, String> connection;

		SoakTasks(String redisUrl) {
			this.client = RedisClient.create(redisUrl);
			this.connection = this.client.connect();
		}

		@CeleryTask("peer.add")
		public int add(int x, int y, TaskContext context) {
			var commands = this.connection.async();
			var runs = commands.hincrby("soak.runs", context.id(), 1);
			var workers = commands.hincrby("soak.workers", context.hostname(), 1);
			runs.toCompletableFuture().join();
			workers.toCompletableFuture().join();
			return x + y;
		}

		@Override
		public void close() {
			this.connection.close();
			this.client.shutdown();
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class WorkerConfig {

		@Bean
		SoakTasks soakTasks(Environment environment) {
			return new SoakTasks(environment.getRequiredProperty("soak.redis"));
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class SenderConfig {

	}

	/**
	 * Main class of a worker JVM: runs the worker, then says it is ready on
	 * {@code soak.ready}.
	 */
	static final class SoakWorker {

		public static void main(String[] args) {
			SpringApplication application = new SpringApplication(WorkerConfig.class);
			application.setWebApplicationType(WebApplicationType.NONE);
			ConfigurableApplicationContext context = application.run(args);
			String hostname = context.getBean(io.celeryapi.worker.CeleryWorker.class).getSettings().hostname();
			RedisClient client = RedisClient.create(context.getEnvironment().getRequiredProperty("soak.redis"));
			try (StatefulRedisConnection<String, String> connection = client.connect()) {
				connection.sync().rpush("soak.ready", hostname);
			}
			finally {
				client.shutdown();
			}
			System.out.println("WORKER READY " + hostname);
		}

	}

}
