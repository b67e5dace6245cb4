package io.celeryapi.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The markdown tables printed after a run. */
final class Report {

	private Report() {
	}

	static String markdown(List<Row> rows, List<WorkerSummary> workers, Map<String, Object> machine,
			Map<String, Object> settings, String command) {
		StringBuilder md = new StringBuilder();
		md.append("## celery-api benchmark\n\n");
		md.append("Machine: ").append(Machine.summary(machine)).append(", at end ")
			.append(machine.get("loadAverageAtEnd")).append(".\n\n");
		md.append("Reproduce: `").append(command).append("`\n\n");
		md.append("\"vs Python Celery\" divides the row's calls/s by that of the fastest Python → Python Celery row "
				+ "of the same scenario (marked ref): above 1.00x is faster.\n\n");

		List<Row> sync = rows.stream().filter((r) -> r.scenario.equals("sync")).toList();
		if (!sync.isEmpty()) {
			md.append(String.format(Locale.ROOT,
					"### 1. Sync round trip: one caller calls and waits, %,d calls after %,d warm-up calls\n\n",
					settings.get("syncCalls"), settings.get("syncWarmupCalls")));
			latencyTable(md, sync);
		}
		List<Row> throughput = rows.stream().filter((r) -> r.scenario.equals("throughput")).toList();
		if (!throughput.isEmpty()) {
			md.append(String.format(Locale.ROOT,
					"### 2. Throughput: %,d no-op tasks (bench.add) published and executed through one worker "
							+ "process\n\n",
					settings.get("throughputTasks")));
			md.append("The caller publishes every task from one thread, then waits for every result (results) or "
					+ "until the worker took and acknowledged every task (ignore_result). Probe rows ran a fraction of "
					+ "the tasks to find Python Celery's best pool; the pools within "
					+ Math.round(((Number) settings.get("pythonProbeMargin")).doubleValue() * 100)
					+ " % of the best probe then ran "
					+ "the full count on a fresh worker, and the fastest full run is the reference.\n\n");
			md.append("| Worker (caller) | Mode | Tasks | Publish s | Total s | Tasks/s | vs Python Celery "
					+ "| Worker CPU s / 1,000 tasks |\n");
			md.append("|---|---|--:|--:|--:|--:|--:|--:|\n");
			for (Row r : throughput) {
				Measurement m = r.measurement;
				md.append(String.format(Locale.ROOT, "| %s (%s caller)%s | %s | %,d | %.2f | %.2f | %,.0f | %s | %.3f |\n",
						Labels.worker(r.worker), Labels.caller(r.caller), r.probe ? ", probe" : "",
						r.ignoreResult ? "ignore_result" : "results", m.calls(), m.publishSeconds(), m.seconds(),
						m.callsPerSecond(), ratio(r.ratio, r.reference) + errors(m), r.workerCpuPer1000));
			}
			md.append('\n');
		}
		List<Row> many = rows.stream().filter((r) -> r.scenario.equals("many")).toList();
		if (!many.isEmpty()) {
			md.append(String.format(Locale.ROOT,
					"### 3. Many callers: %d calls in flight at once, %,d calls after %,d warm-up calls\n\n",
					settings.get("inflight"), settings.get("manyCalls"), settings.get("manyWarmupCalls")));
			latencyTable(md, many);
		}
		if (!workers.isEmpty() && workers.stream().anyMatch((w) -> !Double.isNaN(w.cpuPer1000Results))) {
			md.append("### 4. Worker cost: CPU seconds per 1,000 tasks (throughput runs) and peak RSS\n\n");
			md.append("CPU is user + system time of the worker process and its pool processes (/proc/PID/stat); "
					+ "peak RSS is VmHWM (/proc/PID/status) over the worker's life, summed over pool processes. "
					+ "Ratios divide by the Python Celery worker of the throughput reference: below 1.00x is "
					+ "cheaper.\n\n");
			md.append("| Worker | Served | CPU s / 1,000 tasks (results) | CPU s / 1,000 tasks (ignore_result) "
					+ "| Peak RSS MiB | CPU vs Python Celery | RSS vs Python Celery |\n");
			md.append("|---|---|--:|--:|--:|--:|--:|\n");
			for (WorkerSummary w : workers) {
				md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.0f | %s | %s |\n", w.label(),
						w.served.replace(",", ", "), num(w.cpuPer1000Results), num(w.cpuPer1000Ignore), w.peakRssMb,
						ratio(w.cpuRatio, w.reference), ratio(w.rssRatio, w.reference)));
			}
			md.append('\n');
		}
		return md.toString();
	}

	private static void latencyTable(StringBuilder md, List<Row> rows) {
		md.append("| Caller → worker | p50 ms | p90 ms | p99 ms | Calls/s | vs Python Celery |\n");
		md.append("|---|--:|--:|--:|--:|--:|\n");
		for (Row r : rows) {
			Measurement m = r.measurement;
			md.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %,.0f | %s |\n", r.label(),
					m.percentileMs(50), m.percentileMs(90), m.percentileMs(99), m.callsPerSecond(),
					ratio(r.ratio, r.reference) + errors(m)));
		}
		md.append('\n');
	}

	private static String num(double value) {
		return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.3f", value);
	}

	private static String ratio(double ratio, boolean reference) {
		if (Double.isNaN(ratio)) {
			return "–";
		}
		return String.format(Locale.ROOT, "%.2fx", ratio) + (reference ? " (ref)" : "");
	}

	private static String errors(Measurement m) {
		return (m.errors() > 0) ? " (" + m.errors() + " errors)" : "";
	}

}
