package io.celeryapi.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.celeryapi.test.RedisServer;
import tools.jackson.databind.JsonNode;

/**
 * The CI smoke benchmark: seconds long, Java only (no Python needed). A Java caller and a
 * Java worker process on a fresh Redis run 500 sync calls and 5,000 throughput tasks; the
 * figures are compared with the committed baseline and the run fails only when one of them
 * is {@code --factor} (10) times worse, that is on a collapse, never on ordinary noise.
 * It is not a timing assertion in a unit test: it runs after the tests, in the verify phase.
 */
final class Smoke {

	/** A hang is a collapse too: the whole smoke benchmark gets this long. */
	private static final long DEADLINE_SECONDS = 300;

	private static final int SYNC_WARMUP = 1_000;

	private static final int SYNC_CALLS = 500;

	private static final int TASK_WARMUP = 2_000;

	private static final int TASKS = 5_000;

	private final Options options;

	Smoke(Options options) {
		this.options = options;
	}

	int run() throws Exception {
		Path baselineFile = this.options.path("baseline", "baseline-smoke.json");
		Path out = this.options.path("out", "target/smoke-benchmark.json");
		double factor = this.options.number("factor", 10);
		startWatchdog();
		long started = System.nanoTime();
		Map<String, Double> figures = new LinkedHashMap<>();
		int errors;
		Map<String, Object> machine;
		Path work = Files.createTempDirectory("celery-api-smoke");
		Cleanup.registerDirectory(work);
		try (RedisServer redis = RedisServer.start(); JavaCaller java = new JavaCaller(redis);
				WorkerProcess worker = WorkerProcess.java(work, redis.url(0), redis.url(1), "bench.smoke", List.of(),
						List.of())) {
			machine = Machine.describe(redis, null);
			machine.remove("python");
			Measurement sync = java.sync(worker.queue(), SYNC_WARMUP, SYNC_CALLS);
			java.throughput(worker.queue(), TASK_WARMUP, false);
			Measurement throughput = java.throughput(worker.queue(), TASKS, false);
			worker.checkAlive();
			figures.put("syncCallsPerSecond", sync.callsPerSecond());
			figures.put("syncP50Ms", sync.percentileMs(50));
			figures.put("syncP99Ms", sync.percentileMs(99));
			figures.put("throughputTasksPerSecond", throughput.callsPerSecond());
			errors = sync.errors() + throughput.errors();
		}
		double seconds = (System.nanoTime() - started) / 1e9;

		Map<String, Object> json = new LinkedHashMap<>();
		json.put("benchmark", "celery-api smoke benchmark (Java caller → Java worker)");
		json.put("generatedAt", Instant.now().toString());
		json.put("syncCalls", SYNC_CALLS);
		json.put("throughputTasks", TASKS);
		figures.forEach((k, v) -> json.put(k, Row.round(v, 3)));
		json.put("errors", errors);
		json.put("machine", machine);
		Files.createDirectories(out.getParent());
		Files.writeString(out, BenchMain.MAPPER.writeValueAsString(json) + "\n");
		if (this.options.flag("write-baseline")) {
			Files.writeString(baselineFile, BenchMain.MAPPER.writeValueAsString(json) + "\n");
			BenchMain.progress("Baseline written to " + baselineFile);
		}

		List<String> collapses = new ArrayList<>();
		StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
				"Smoke benchmark (Java → Java, %d sync calls, %,d tasks) in %.1f s; a figure fails only when %sx"
						+ " worse than %s%n",
				SYNC_CALLS, TASKS, seconds, plain(factor), baselineFile.getFileName()));
		JsonNode baseline = Files.exists(baselineFile) ? BenchMain.MAPPER.readTree(Files.readString(baselineFile))
				: null;
		check(report, collapses, baseline, factor, "syncCallsPerSecond", figures, true, "calls/s");
		check(report, collapses, baseline, factor, "syncP50Ms", figures, false, "ms");
		check(report, collapses, baseline, factor, "throughputTasksPerSecond", figures, true, "tasks/s");
		report.append(String.format(Locale.ROOT, "  sync p99 %.2f ms (not checked: tails are noise on a loaded CI machine)%n",
				figures.get("syncP99Ms")));
		if (errors > 0) {
			collapses.add(errors + " call(s) failed or returned a wrong result");
		}
		System.out.print(report);
		if (baseline == null) {
			System.out.println("No baseline at " + baselineFile + ": nothing compared (write one with --write-baseline)");
		}
		if (!collapses.isEmpty()) {
			System.out.println("SMOKE BENCHMARK FAILED: " + String.join("; ", collapses));
			return 1;
		}
		System.out.println("Smoke benchmark passed.");
		return 0;
	}

	private static void check(StringBuilder report, List<String> collapses, JsonNode baseline, double factor,
			String name, Map<String, Double> figures, boolean higherIsBetter, String unit) {
		double value = figures.get(name);
		JsonNode base = (baseline != null) ? baseline.get(name) : null;
		if (base == null || !base.isNumber()) {
			report.append(String.format(Locale.ROOT, "  %-26s %,12.2f %-7s (no baseline)%n", name, value, unit));
			return;
		}
		double b = base.asDouble();
		double worse = higherIsBetter ? b / value : value / b;
		boolean collapse = Double.isNaN(value) || worse >= factor;
		String verdict = (worse >= 1) ? String.format(Locale.ROOT, "%.2fx worse", worse)
				: String.format(Locale.ROOT, "%.2fx better", 1 / worse);
		report.append(String.format(Locale.ROOT, "  %-26s %,12.2f %-7s baseline %,12.2f  %s%s%n", name, value, unit, b,
				verdict, collapse ? "  <-- COLLAPSE (limit " + plain(factor) + "x)" : ""));
		if (collapse) {
			collapses.add(String.format(Locale.ROOT, "%s %.2f %s is %.1fx worse than the baseline %.2f", name, value,
					unit, worse, b));
		}
	}

	private static String plain(double value) {
		return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
	}

	private static void startWatchdog() {
		Thread watchdog = new Thread(() -> {
			try {
				Thread.sleep(DEADLINE_SECONDS * 1000);
				System.out.println("SMOKE BENCHMARK FAILED: not finished within " + DEADLINE_SECONDS + " s");
				System.out.flush();
				System.exit(1);
			}
			catch (InterruptedException ex) {
				// the run ended first
			}
		}, "smoke-watchdog");
		watchdog.setDaemon(true);
		watchdog.start();
	}

}
