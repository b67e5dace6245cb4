package io.celeryapi.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** The cost of one worker process: CPU per 1,000 tasks in its throughput runs, and peak RSS. */
final class WorkerSummary {

	final String worker;

	String served;

	final boolean fullThroughput;

	double peakRssMb = Double.NaN;

	double cpuPer1000Results = Double.NaN;

	double cpuPer1000Ignore = Double.NaN;

	int tasks;

	double cpuRatio = Double.NaN;

	double rssRatio = Double.NaN;

	boolean reference;

	WorkerSummary(String worker, String served, boolean fullThroughput) {
		this.worker = worker;
		this.served = served;
		this.fullThroughput = fullThroughput;
	}

	String label() {
		return Labels.worker(this.worker) + (this.fullThroughput ? "" : ", probe");
	}

	Map<String, Object> toJson() {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("label", label());
		json.put("worker", this.worker);
		json.put("served", this.served);
		json.put("throughputTasksPerMode", this.tasks);
		json.put("cpuSecondsPer1000TasksResults", Row.round(this.cpuPer1000Results, 4));
		json.put("cpuSecondsPer1000TasksIgnoreResult", Row.round(this.cpuPer1000Ignore, 4));
		json.put("peakRssMiB", Row.round(this.peakRssMb, 1));
		json.put("cpuRatioToPython", Row.round(this.cpuRatio, 3));
		json.put("rssRatioToPython", Row.round(this.rssRatio, 3));
		json.put("isPythonReference", this.reference);
		return json;
	}

}
