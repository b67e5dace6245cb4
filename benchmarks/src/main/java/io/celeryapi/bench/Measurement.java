package io.celeryapi.bench;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * What one caller measured in one scenario: wall-clock time, per-call latencies (none for
 * throughput runs) and failed calls.
 *
 * @param calls the measured calls or tasks
 * @param seconds wall-clock time of the measured calls, first send to last result
 * @param publishSeconds for throughput runs, the time taken to publish every task
 * @param latenciesNs per-call latencies in nanoseconds, or {@code null}
 * @param errors calls that failed, timed out or returned a wrong result
 * @param callerCpuSeconds for throughput runs, the caller's CPU time over the run (NaN when
 * not measured)
 */
record Measurement(int calls, double seconds, double publishSeconds, long @Nullable [] latenciesNs, int errors,
		double callerCpuSeconds) {

	Measurement(int calls, double seconds, double publishSeconds, long @Nullable [] latenciesNs, int errors) {
		this(calls, seconds, publishSeconds, latenciesNs, errors, Double.NaN);
	}

	double callsPerSecond() {
		return (this.seconds > 0) ? this.calls / this.seconds : 0;
	}

	/**
	 * A latency percentile by the nearest-rank method, in milliseconds.
	 * @param percentile 0-100
	 * @return the latency, or NaN without latencies
	 */
	double percentileMs(double percentile) {
		long[] sorted = sorted();
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
		return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] / 1e6;
	}

	double maxMs() {
		long[] sorted = sorted();
		return (sorted.length == 0) ? Double.NaN : sorted[sorted.length - 1] / 1e6;
	}

	double meanMs() {
		long[] l = this.latenciesNs;
		return (l == null || l.length == 0) ? Double.NaN : Arrays.stream(l).average().orElse(0) / 1e6;
	}

	private long[] sorted() {
		long[] l = this.latenciesNs;
		if (l == null) {
			return new long[0];
		}
		long[] copy = l.clone();
		Arrays.sort(copy);
		return copy;
	}

}
