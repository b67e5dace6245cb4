package io.celeryapi.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One worker process under test, Java or Python Celery, consuming one queue of its own.
 * Started fresh for each configuration and stopped before the next, so that only one
 * worker runs at a time and its {@code /proc} figures are its own.
 */
final class WorkerProcess implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

	private final String name;

	private final String queue;

	private final Process process;

	private final Path log;

	private WorkerProcess(String name, String queue, Process process, Path log) {
		this.name = name;
		this.queue = queue;
		this.process = process;
		this.log = log;
	}

	/**
	 * Starts the Java worker ({@link io.celeryapi.bench.worker.JavaBenchWorker}) in a new
	 * JVM with this JVM's class path.
	 */
	static WorkerProcess java(Path workDir, String brokerUrl, String backendUrl, String queue,
			List<String> jvmArgs, List<String> extraArgs) {
		Path ready = workDir.resolve("java-" + queue + ".ready");
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmArgs);
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add("io.celeryapi.bench.worker.JavaBenchWorker");
		command.add("--celery.broker-url=" + brokerUrl);
		command.add("--celery.result-backend=" + backendUrl);
		command.add("--celery.worker.queues=" + queue);
		command.add("--celery.worker.hostname=bench-java@%h");
		command.add("--logging.level.root=WARN");
		command.add("--bench.ready-file=" + ready);
		command.addAll(extraArgs);
		return start("java", queue, command, Map.of(), workDir, ready);
	}

	/**
	 * Starts a Python Celery worker of the bundled {@code benchapp} with one pool, without
	 * gossip, mingle and heartbeat, at Celery's default concurrency (the number of CPUs) and
	 * the given prefetch multiplier ({@code ""}: Celery's default).
	 */
	static WorkerProcess python(Path workDir, String brokerUrl, String backendUrl, String queue, String pool,
			String prefetchMultiplier) {
		Path ready = workDir.resolve("python-" + queue + ".ready");
		List<String> command = new ArrayList<>(List.of(PythonSide.PYTHON, "-m", "celery", "-A", "benchapp", "worker",
				"-P", pool, "-Q", queue, "-n", "bench-" + pool + "@%h", "-l", "warning", "--without-gossip",
				"--without-mingle", "--without-heartbeat"));
		if (!prefetchMultiplier.isEmpty()) {
			command.addAll(List.of("--prefetch-multiplier", prefetchMultiplier));
		}
		Map<String, String> env = Map.of("BENCH_BROKER", brokerUrl, "BENCH_BACKEND", backendUrl, "BENCH_READY_FILE",
				ready.toString(), "PYTHONPATH", workDir.toString());
		return start("python-" + pool, queue, command, env, workDir, ready);
	}

	private static WorkerProcess start(String name, String queue, List<String> command, Map<String, String> env,
			Path workDir, Path ready) {
		Path log = workDir.resolve(name + "-" + queue + ".log");
		try {
			Files.deleteIfExists(ready);
			ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
				.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
			builder.environment().putAll(env);
			Process process = builder.start();
			Cleanup.register(process);
			WorkerProcess worker = new WorkerProcess(name, queue, process, log);
			long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
			while (!Files.exists(ready)) {
				if (!process.isAlive()) {
					throw new IllegalStateException(name + " worker exited with " + process.exitValue()
							+ " before it was ready: " + command + "\n" + worker.log());
				}
				if (System.nanoTime() > deadline) {
					worker.close();
					throw new IllegalStateException(name + " worker not ready within " + START_TIMEOUT + ": "
							+ command + "\n" + worker.log());
				}
				Thread.sleep(50);
			}
			return worker;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start " + command + ": " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

	String name() {
		return this.name;
	}

	String queue() {
		return this.queue;
	}

	long pid() {
		return this.process.pid();
	}

	/** CPU seconds used so far by the worker and its pool processes. */
	double cpuSeconds() {
		return ProcStats.cpuSeconds(this.process.pid());
	}

	/** Peak RSS so far of the worker plus its pool processes, in MiB. */
	double peakRssMb() {
		return ProcStats.peakRssMb(this.process.pid());
	}

	String log() {
		try {
			return Files.exists(this.log) ? Files.readString(this.log, StandardCharsets.UTF_8) : "";
		}
		catch (IOException ex) {
			return "<" + ex + ">";
		}
	}

	void checkAlive() {
		if (!this.process.isAlive()) {
			throw new IllegalStateException(
					this.name + " worker died with exit code " + this.process.exitValue() + ":\n" + log());
		}
	}

	/** Stops the worker (SIGTERM, then SIGKILL after 20 s), pool processes included. */
	@Override
	public void close() {
		List<ProcessHandle> children = this.process.descendants().toList();
		this.process.destroy();
		try {
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
				this.process.waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
		children.forEach(ProcessHandle::destroyForcibly);
		Cleanup.unregister(this.process);
	}

}
