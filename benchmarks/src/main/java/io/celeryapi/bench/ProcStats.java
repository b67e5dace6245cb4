package io.celeryapi.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU time and resident memory of a process and its descendants, read from Linux's
 * {@code /proc}: {@code utime + stime} of {@code /proc/PID/stat} and {@code VmHWM} (peak
 * resident set size) of {@code /proc/PID/status}.
 */
final class ProcStats {

	private static final long TICKS_PER_SECOND = clockTicks();

	private ProcStats() {
	}

	/** Whether {@code /proc} can be read here (Linux). */
	static boolean available() {
		return Files.isReadable(Path.of("/proc/self/stat"));
	}

	/**
	 * CPU seconds (user + system) used so far by the process and its live descendants.
	 * @param pid the process
	 * @return the CPU seconds, or -1 when unknown
	 */
	static double cpuSeconds(long pid) {
		long ticks = 0;
		boolean any = false;
		for (long p : tree(pid)) {
			long t = cpuTicks(p);
			if (t >= 0) {
				ticks += t;
				any = true;
			}
		}
		return any ? (double) ticks / TICKS_PER_SECOND : -1;
	}

	/**
	 * Peak resident set size of the process plus that of each live descendant (for a
	 * prefork pool, the sum over the pool; pages shared by forked children count once per
	 * process, so this is an upper bound).
	 * @param pid the process
	 * @return the peak RSS in MiB, or -1 when unknown
	 */
	static double peakRssMb(long pid) {
		long kb = 0;
		boolean any = false;
		for (long p : tree(pid)) {
			long k = statusKb(p, "VmHWM:");
			if (k >= 0) {
				kb += k;
				any = true;
			}
		}
		return any ? kb / 1024.0 : -1;
	}

	/**
	 * Current resident set size of the process and its live descendants.
	 * @param pid the process
	 * @return the RSS in MiB, or -1 when unknown
	 */
	static double rssMb(long pid) {
		long kb = 0;
		boolean any = false;
		for (long p : tree(pid)) {
			long k = statusKb(p, "VmRSS:");
			if (k >= 0) {
				kb += k;
				any = true;
			}
		}
		return any ? kb / 1024.0 : -1;
	}

	private static List<Long> tree(long pid) {
		List<Long> pids = new ArrayList<>();
		pids.add(pid);
		ProcessHandle.of(pid).ifPresent((handle) -> handle.descendants().forEach((d) -> pids.add(d.pid())));
		return pids;
	}

	private static long cpuTicks(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
			// The command name (field 2) may hold spaces and parentheses: split after its end.
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			// fields[0] is field 3 (state): utime is field 14, stime field 15.
			return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	private static long statusKb(long pid, String field) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
				if (line.startsWith(field)) {
					return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
				}
			}
			return -1;
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	private static long clockTicks() {
		String out = CommandOutput.of("getconf", "CLK_TCK");
		try {
			return (out != null) ? Long.parseLong(out) : 100;
		}
		catch (NumberFormatException ex) {
			return 100;
		}
	}

}
