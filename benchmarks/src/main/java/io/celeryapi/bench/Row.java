package io.celeryapi.bench;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One measured row: a scenario, a caller, a worker configuration and what was measured.
 */
final class Row {

	final String scenario;

	final String caller;

	final String worker;

	final boolean ignoreResult;

	final boolean probe;

	final int warmup;

	final Measurement measurement;

	/** Worker CPU seconds per 1,000 tasks over this row's calls (warm-up included for sync/many). */
	final double workerCpuPer1000;

	double ratio = Double.NaN;

	/** For throughput rows: Redis commands per task, caller and worker together, by command. */
	@Nullable Map<String, Object> redisCommandsPerTask;

	/** For throughput rows: Redis server CPU seconds per 1,000 tasks. */
	double redisCpuPer1000 = Double.NaN;

	boolean reference;

	Row(String scenario, String caller, String worker, boolean ignoreResult, boolean probe, int warmup,
			Measurement measurement, double workerCpuPer1000) {
		this.scenario = scenario;
		this.caller = caller;
		this.worker = worker;
		this.ignoreResult = ignoreResult;
		this.probe = probe;
		this.warmup = warmup;
		this.measurement = measurement;
		this.workerCpuPer1000 = workerCpuPer1000;
	}

	boolean pythonToPython() {
		return "python".equals(this.caller) && this.worker.startsWith("python");
	}

	/** "Java → Python (solo)". */
	String label() {
		return Labels.caller(this.caller) + " → " + Labels.worker(this.worker);
	}

	Map<String, Object> toJson() {
		Map<String, Object> json = new LinkedHashMap<>();
		Measurement m = this.measurement;
		json.put("label", label());
		json.put("caller", this.caller);
		json.put("worker", this.worker);
		if ("throughput".equals(this.scenario)) {
			json.put("resultsCollected", !this.ignoreResult);
			json.put("ignoreResult", this.ignoreResult);
			json.put("probe", this.probe);
		}
		json.put("calls", m.calls());
		json.put("warmupCalls", this.warmup);
		json.put("seconds", round(m.seconds(), 4));
		json.put("callsPerSecond", round(m.callsPerSecond(), 1));
		if (m.latenciesNs() != null) {
			json.put("p50Ms", round(m.percentileMs(50), 3));
			json.put("p90Ms", round(m.percentileMs(90), 3));
			json.put("p99Ms", round(m.percentileMs(99), 3));
			json.put("maxMs", round(m.maxMs(), 3));
			json.put("meanMs", round(m.meanMs(), 3));
		}
		if ("throughput".equals(this.scenario)) {
			json.put("publishSeconds", round(m.publishSeconds(), 4));
		}
		json.put("errors", m.errors());
		json.put("workerCpuSecondsPer1000", round(this.workerCpuPer1000, 4));
		if ("throughput".equals(this.scenario)) {
			json.put("callerCpuSecondsPer1000", round(m.callerCpuSeconds() / m.calls() * 1000, 4));
			json.put("redisCpuSecondsPer1000", round(this.redisCpuPer1000, 4));
		}
		json.put("ratioToPython", round(this.ratio, 3));
		if (this.redisCommandsPerTask != null) {
			json.put("redisCommandsPerTask", this.redisCommandsPerTask);
		}
		json.put("isPythonReference", this.reference);
		return json;
	}

	static Object round(double value, int digits) {
		if (Double.isNaN(value) || Double.isInfinite(value)) {
			return null;
		}
		double scale = Math.pow(10, digits);
		return Math.round(value * scale) / scale;
	}

}
