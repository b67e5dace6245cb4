package io.celeryapi.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.celeryapi.test.RedisServer;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.jspecify.annotations.Nullable;

/**
 * Runs the celery-api benchmarks: starts its own redis-server on a free port, then, on that
 * one Redis and one worker process at a time, measures
 * <ol>
 * <li>sync round trips (one caller calls and waits),</li>
 * <li>throughput of no-op tasks through one worker, with results collected and with
 * ignore_result,</li>
 * <li>many callers (64 calls in flight),</li>
 * <li>each worker's CPU seconds per 1,000 tasks and peak RSS,</li>
 * </ol>
 * for the Java worker and Python Celery's solo, threads and prefork pools, with Java and
 * Python callers. Prints a markdown table with the ratio to Python Celery on each row and
 * writes the same figures as JSON. With {@code --smoke}, runs the CI smoke benchmark
 * instead (see {@link Smoke}).
 */
public final class BenchMain {

	static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private static final Duration PYTHON_TIMEOUT = Duration.ofMinutes(30);

	private final Options options;

	private final double scale;

	private final int syncCalls;

	private final int syncWarmup;

	private final int manyCalls;

	private final int manyWarmup;

	private final int inflight;

	private final int tasks;

	private final int taskWarmup;

	private final double probe;

	private final double margin;

	private final List<String> only;

	private final List<Row> rows = new ArrayList<>();

	private final List<WorkerSummary> workers = new ArrayList<>();

	private static final String ALL_SCENARIOS = "sync,many,throughput";

	private static final String ALL_POOLS = "solo,threads,prefork";

	/** Calls with many in flight that warm the Java worker and caller, unmeasured. */
	private static final int JVM_WARMUP_CALLS = 20_000;

	private BenchMain(Options options) {
		this.options = options;
		this.scale = options.number("scale", 1);
		this.syncCalls = scaled(5_000, 10);
		// warm-up is not scaled down: a JVM needs its JIT warm however short the run
		this.syncWarmup = scaled(5_000, 5_000);
		this.manyCalls = scaled(20_000, 64);
		this.manyWarmup = scaled(5_000, 5_000);
		this.inflight = (int) options.number("inflight", 64);
		this.tasks = scaled(100_000, 100);
		this.taskWarmup = scaled(10_000, 10_000);
		this.probe = Math.min(1, Math.max(0.001, options.number("probe", 0.1)));
		this.margin = Math.min(1, Math.max(0, options.number("probe-margin", 0.25)));
		this.only = options.list("only", ALL_SCENARIOS);
	}

	public static void main(String[] args) {
		int code;
		try {
			Options options = Options.parse(args);
			code = options.flag("smoke") ? new Smoke(options).run() : new BenchMain(options).run();
		}
		catch (Throwable ex) {
			ex.printStackTrace();
			code = 2;
		}
		System.out.flush();
		System.exit(code);
	}

	private int scaled(int count, int minimum) {
		return Math.max(minimum, (int) Math.round(count * this.scale));
	}

	private int run() throws Exception {
		Path out = this.options.path("out", "results/latest.json");
		Instant started = Instant.now();
		String pythonVersions = (this.options.flag("no-python") || !this.options.string("python", "true").equals("true"))
				? null : PythonSide.versions();
		if (pythonVersions == null) {
			progress("Python Celery is not available (" + PythonSide.PYTHON
					+ " cannot import celery, or --python=false): Java rows only");
		}
		List<String> pools = (pythonVersions != null) ? this.options.list("pools", ALL_POOLS) : List.of();
		Path work = Files.createTempDirectory("celery-api-bench");
		Cleanup.registerDirectory(work);
		Map<String, Object> machine;
		try (RedisServer redis = RedisServer.start()) {
			// A caller that publishes 100,000 tasks before reading its results lets their
			// messages pile up on its pub/sub connection. With Redis's default limit (8 MB for
			// 60 s, 32 MB at once) Redis closes Python Celery's connection, and its get() then
			// falls back to one result per second: lift the limit so that every caller is
			// measured, not Redis's protection against slow readers.
			redis.command("CONFIG", "SET", "client-output-buffer-limit", "pubsub 0 0 0");
			machine = Machine.describe(redis, pythonVersions);
			progress("Redis " + redis.url() + "; " + Machine.summary(machine));
			PythonSide python = (pythonVersions != null)
					? new PythonSide(work, redis.url(0), redis.url(1), MAPPER) : null;
			try (JavaCaller java = new JavaCaller(redis)) {
				Context ctx = new Context(redis, work, java, python);
				measureWorker(ctx, "java", true, true);
				for (String pool : pools) {
					measureWorker(ctx, "python-" + pool, true, this.probe >= 1);
				}
				if (this.only.contains("throughput") && this.probe < 1 && !pools.isEmpty()) {
					fullThroughputOfBestPools(ctx);
				}
			}
		}
		machine.put("loadAverageAtEnd", Machine.loadAverage());
		computeRatios();
		Map<String, Object> json = json(started, machine);
		Files.createDirectories(out.getParent());
		Files.writeString(out, MAPPER.writeValueAsString(json) + "\n");
		System.out.println(Report.markdown(this.rows, this.workers, machine, settings(), command()));
		progress("JSON written to " + out);
		long errors = this.rows.stream().mapToLong((r) -> r.measurement.errors()).sum();
		if (errors > 0) {
			progress("WARNING: " + errors + " call(s) failed; see \"errors\" in the JSON");
		}
		return 0;
	}

	private record Context(RedisServer redis, Path work, JavaCaller java, @Nullable PythonSide python) {
	}

	private WorkerProcess start(Context ctx, String worker) {
		String queue = "bench." + worker;
		if ("java".equals(worker)) {
			List<String> extra = new ArrayList<>();
			String concurrency = this.options.string("java-concurrency", "");
			if (!concurrency.isEmpty()) {
				extra.add("--celery.worker.concurrency=" + concurrency);
			}
			if (!prefetchMultiplier().isEmpty()) {
				extra.add("--celery.worker.prefetch-multiplier=" + prefetchMultiplier());
			}
			return WorkerProcess.java(ctx.work(), ctx.redis().url(0), ctx.redis().url(1), queue,
					this.options.words("worker-jvm-args"), extra);
		}
		return WorkerProcess.python(ctx.work(), ctx.redis().url(0), ctx.redis().url(1), queue,
				worker.substring("python-".length()), prefetchMultiplier());
	}

	/**
	 * The prefetch multiplier of every worker, Java and Python alike: Celery's docs advise a
	 * high one for many short tasks, and these are as short as tasks get.
	 */
	private String prefetchMultiplier() {
		return this.options.string("prefetch-multiplier", "16");
	}

	/** Runs every scenario against one fresh worker process, then stops it. */
	private void measureWorker(Context ctx, String worker, boolean latency, boolean fullThroughput)
			throws Exception {
		boolean isJava = "java".equals(worker);
		List<String> served = new ArrayList<>();
		progress("Starting worker " + Labels.worker(worker));
		try (WorkerProcess w = start(ctx, worker)) {
			// Warms the worker (a JVM's JIT) before any CPU is counted; each scenario warms up again.
			ctx.java().sync(w.queue(), this.syncWarmup, 0);
			if (isJava) {
				// The JVMs (worker and Java caller, which runs first against the Java worker) also
				// compile the paths of many calls in flight: a served application is warm.
				ctx.java().many(w.queue(), this.inflight, JVM_WARMUP_CALLS, 0);
			}
			if (latency && this.only.contains("sync")) {
				for (String caller : callers(ctx)) {
					this.rows.add(measure(w, "sync", caller, worker, this.syncWarmup, this.syncCalls,
							() -> (caller.equals("java")) ? ctx.java().sync(w.queue(), this.syncWarmup, this.syncCalls)
									: ctx.python().run(request("sync", w.queue(), this.syncWarmup, this.syncCalls),
											PYTHON_TIMEOUT)));
				}
				served.add("sync");
			}
			if (latency && this.only.contains("many")) {
				for (String caller : callers(ctx)) {
					this.rows.add(measure(w, "many", caller, worker, this.manyWarmup, this.manyCalls,
							() -> (caller.equals("java"))
									? ctx.java().many(w.queue(), this.inflight, this.manyWarmup, this.manyCalls)
									: ctx.python().run(request("many", w.queue(), this.manyWarmup, this.manyCalls),
											PYTHON_TIMEOUT)));
				}
				served.add("many");
			}
			WorkerSummary summary = new WorkerSummary(worker, "", fullThroughput);
			if (this.only.contains("throughput")) {
				int n = fullThroughput ? this.tasks : Math.max(100, (int) Math.round(this.tasks * this.probe));
				String caller = isJava ? "java" : "python";
				for (boolean ignore : new boolean[] { false, true }) {
					// Each mode warms up in that mode: with ignore_result the worker runs other
					// code (no result writes), which a JIT compiles only once it runs.
					throughput(ctx, w, caller, worker, this.taskWarmup, ignore, false, false);
					Row row = throughput(ctx, w, caller, worker, n, ignore, true, !fullThroughput);
					this.rows.add(row);
					if (ignore) {
						summary.cpuPer1000Ignore = row.workerCpuPer1000;
					}
					else {
						summary.cpuPer1000Results = row.workerCpuPer1000;
					}
				}
				summary.tasks = n;
				served.add("throughput");
			}
			summary.served = String.join(",", served);
			summary.peakRssMb = w.peakRssMb();
			this.workers.add(summary);
			w.checkAlive();
		}
	}

	/** The full throughput runs of the best Python pool of each mode, on a fresh worker. */
	private void fullThroughputOfBestPools(Context ctx) throws Exception {
		Map<String, List<Boolean>> modesByPool = new LinkedHashMap<>();
		for (boolean ignore : new boolean[] { false, true }) {
			List<Row> probes = this.rows.stream()
				.filter((r) -> r.scenario.equals("throughput") && r.pythonToPython() && r.ignoreResult == ignore)
				.toList();
			// Probes are short and noisy: every pool within the margin of the best probe runs in full.
			best(probes).ifPresent((top) -> probes.stream()
				.filter((r) -> r.measurement.callsPerSecond() >= top.measurement.callsPerSecond() * (1 - this.margin))
				.forEach((r) -> modesByPool.computeIfAbsent(r.worker, (k) -> new ArrayList<>()).add(ignore)));
		}
		for (Map.Entry<String, List<Boolean>> entry : modesByPool.entrySet()) {
			String worker = entry.getKey();
			progress("Full throughput run of a best Python pool: " + Labels.worker(worker) + " "
					+ (entry.getValue().size() == 2 ? "(both modes)"
							: entry.getValue().get(0) ? "(ignore_result)" : "(results)"));
			try (WorkerProcess w = start(ctx, worker)) {
				WorkerSummary summary = new WorkerSummary(worker, "throughput", true);
				for (boolean ignore : entry.getValue()) {
					throughput(ctx, w, "python", worker, this.taskWarmup, ignore, false, false);
					Row row = throughput(ctx, w, "python", worker, this.tasks, ignore, true, false);
					this.rows.add(row);
					if (ignore) {
						summary.cpuPer1000Ignore = row.workerCpuPer1000;
					}
					else {
						summary.cpuPer1000Results = row.workerCpuPer1000;
					}
				}
				summary.tasks = this.tasks;
				summary.peakRssMb = w.peakRssMb();
				this.workers.add(summary);
				w.checkAlive();
			}
		}
	}

	private Row throughput(Context ctx, WorkerProcess w, String caller, String worker, int n, boolean ignore,
			boolean measured, boolean probe) throws Exception {
		String what = (probe ? "probe " : "") + "throughput " + (ignore ? "ignore_result" : "results");
		Map<String, Long> commands0 = RedisStats.commandCalls(ctx.redis());
		double redisCpu0 = RedisStats.cpuSeconds(ctx.redis());
		double cpu0 = w.cpuSeconds();
		Measurement m = caller.equals("java") ? ctx.java().throughput(w.queue(), n, ignore)
				: ctx.python().run(throughputRequest(w.queue(), n, ignore), PYTHON_TIMEOUT);
		double cpu = w.cpuSeconds() - cpu0;
		double redisCpu = RedisStats.cpuSeconds(ctx.redis()) - redisCpu0;
		w.checkAlive();
		Row row = new Row("throughput", caller, worker, ignore, probe, this.taskWarmup, m, cpu / n * 1000);
		row.redisCommandsPerTask = RedisStats.perTask(commands0, RedisStats.commandCalls(ctx.redis()), n);
		row.redisCpuPer1000 = redisCpu / n * 1000;
		if (measured) {
			progress(String.format(Locale.ROOT, "  %-28s %-26s %,9d tasks %8.2f s (publish %6.2f s) %,9.0f tasks/s"
					+ "  CPU s/1000: worker %.3f, caller %.3f, Redis %.3f%s", row.label(), what, n, m.seconds(),
					m.publishSeconds(), m.callsPerSecond(), row.workerCpuPer1000, m.callerCpuSeconds() / n * 1000,
					row.redisCpuPer1000, errors(m)));
		}
		return row;
	}

	private interface Run {

		Measurement run() throws Exception;

	}

	private Row measure(WorkerProcess w, String scenario, String caller, String worker, int warmup, int calls,
			Run run) throws Exception {
		double cpu0 = w.cpuSeconds();
		Measurement m = run.run();
		double cpu = w.cpuSeconds() - cpu0;
		w.checkAlive();
		Row row = new Row(scenario, caller, worker, false, false, warmup, m, cpu / (warmup + calls) * 1000);
		progress(String.format(Locale.ROOT,
				"  %-28s %-26s %,9d calls %8.2f s  p50 %7.2f ms  p90 %7.2f ms  p99 %7.2f ms %,9.0f calls/s%s",
				row.label(), scenario.equals("sync") ? "sync" : "many (" + this.inflight + " in flight)", calls,
				m.seconds(), m.percentileMs(50), m.percentileMs(90), m.percentileMs(99), m.callsPerSecond(),
				errors(m)));
		return row;
	}

	private static String errors(Measurement m) {
		return (m.errors() > 0) ? "  ERRORS " + m.errors() : "";
	}

	private List<String> callers(Context ctx) {
		return (ctx.python() != null) ? List.of("java", "python") : List.of("java");
	}

	private Map<String, Object> request(String mode, String queue, int warmup, int calls) {
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("mode", mode);
		request.put("queue", queue);
		request.put("warmup", warmup);
		request.put("calls", calls);
		request.put("inflight", this.inflight);
		request.put("timeout", 30);
		return request;
	}

	private Map<String, Object> throughputRequest(String queue, int n, boolean ignore) {
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("mode", "throughput");
		request.put("queue", queue);
		request.put("calls", n);
		request.put("ignoreResult", ignore);
		request.put("timeout", 600);
		return request;
	}

	private static Optional<Row> best(List<Row> candidates) {
		List<Row> full = candidates.stream().filter((r) -> !r.probe).toList();
		List<Row> pool = full.isEmpty() ? candidates : full;
		return pool.stream().max(Comparator.comparingDouble((r) -> r.measurement.callsPerSecond()));
	}

	private void computeRatios() {
		for (String scenario : List.of("sync", "many")) {
			List<Row> scenarioRows = this.rows.stream().filter((r) -> r.scenario.equals(scenario)).toList();
			best(scenarioRows.stream().filter(Row::pythonToPython).toList()).ifPresent((ref) -> {
				ref.reference = true;
				scenarioRows.forEach((r) -> r.ratio = r.measurement.callsPerSecond() / ref.measurement.callsPerSecond());
			});
		}
		@Nullable Row resultsReference = null;
		for (boolean ignore : new boolean[] { false, true }) {
			List<Row> modeRows = this.rows.stream()
				.filter((r) -> r.scenario.equals("throughput") && r.ignoreResult == ignore)
				.toList();
			Optional<Row> ref = best(modeRows.stream().filter(Row::pythonToPython).toList());
			if (ref.isPresent()) {
				ref.get().reference = true;
				modeRows.forEach((r) -> r.ratio = r.measurement.callsPerSecond() / ref.get().measurement.callsPerSecond());
				if (!ignore) {
					resultsReference = ref.get();
				}
			}
		}
		if (resultsReference != null) {
			Row rr = resultsReference;
			this.workers.stream()
				.filter((w) -> w.worker.equals(rr.worker) && w.fullThroughput == !rr.probe)
				.reduce((a, b) -> b)
				.ifPresent((ref) -> {
					ref.reference = true;
					for (WorkerSummary w : this.workers) {
						w.cpuRatio = w.cpuPer1000Results / ref.cpuPer1000Results;
						w.rssRatio = w.peakRssMb / ref.peakRssMb;
					}
				});
		}
	}

	private Map<String, Object> settings() {
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put("scale", this.scale);
		settings.put("syncCalls", this.syncCalls);
		settings.put("syncWarmupCalls", this.syncWarmup);
		settings.put("manyCalls", this.manyCalls);
		settings.put("manyWarmupCalls", this.manyWarmup);
		settings.put("inflight", this.inflight);
		settings.put("throughputTasks", this.tasks);
		settings.put("throughputWarmupTasks", this.taskWarmup);
		settings.put("pythonProbeFraction", this.probe);
		settings.put("pythonProbeMargin", this.margin);
		settings.put("scenarios", this.only);
		settings.put("javaWorker", "JavaBenchWorker, celery.worker.concurrency="
				+ this.options.string("java-concurrency", "default (CPUs)") + ", prefetch-multiplier "
				+ (prefetchMultiplier().isEmpty() ? "default (4)" : prefetchMultiplier())
				+ (this.options.words("worker-jvm-args").isEmpty() ? ", default JVM options"
						: ", JVM options " + this.options.words("worker-jvm-args")));
		settings.put("pythonWorker",
				"celery -A benchapp worker -P <pool> --without-gossip --without-mingle --without-heartbeat"
						+ " -l warning" + (prefetchMultiplier().isEmpty() ? "" : " --prefetch-multiplier " + prefetchMultiplier())
						+ ", default concurrency (CPUs)");
		settings.put("task", "bench.add(x, y) -> x + y");
		return settings;
	}

	private String command() {
		StringBuilder command = new StringBuilder(
				"mvn -q -pl benchmarks -am install -DskipTests && mvn -q -pl benchmarks exec:exec");
		if (this.scale != 1) {
			command.append(" -Dbench.scale=").append(this.options.string("scale", "1"));
		}
		// The options that change what is measured, when not their defaults.
		for (String[] option : new String[][] { { "only", ALL_SCENARIOS }, { "pools", ALL_POOLS } }) {
			String value = String.join(",", this.options.list(option[0], option[1]));
			if (!value.equals(option[1])) {
				command.append(" -Dbench.").append(option[0]).append('=').append(value);
			}
		}
		return command.toString();
	}

	private Map<String, Object> json(Instant started, Map<String, Object> machine) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("benchmark", "celery-api vs Python Celery on one Redis");
		json.put("schemaVersion", 1);
		json.put("startedAt", started.toString());
		json.put("durationSeconds", Row.round(Duration.between(started, Instant.now()).toMillis() / 1000.0, 1));
		json.put("command", command());
		json.put("machine", machine);
		json.put("settings", settings());
		json.put("ratioToPython", "calls/s (tasks/s) of the row divided by that of the fastest Python caller →"
				+ " Python Celery worker row of the same scenario; above 1 is faster. Worker cost ratios divide"
				+ " CPU per 1,000 tasks and peak RSS by those of the Python Celery worker of the throughput"
				+ " reference; below 1 is cheaper.");
		for (String scenario : List.of("sync", "many", "throughput")) {
			json.put(scenario, this.rows.stream().filter((r) -> r.scenario.equals(scenario)).map(Row::toJson).toList());
		}
		json.put("workers", this.workers.stream().map(WorkerSummary::toJson).toList());
		return json;
	}

	static void progress(String message) {
		System.err.println(message);
		System.err.flush();
	}

}
