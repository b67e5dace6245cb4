package io.celeryapi.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.celeryapi.test.RedisServer;

import org.jspecify.annotations.Nullable;

/** What the figures came from: CPU, memory, load and the versions of everything measured. */
final class Machine {

	private Machine() {
	}

	static Map<String, Object> describe(RedisServer redis, @Nullable String pythonVersions) {
		Map<String, Object> machine = new LinkedHashMap<>();
		machine.put("cpuModel", cpuModel());
		machine.put("cpus", Runtime.getRuntime().availableProcessors());
		machine.put("memoryGiB", Row.round(memTotalKb() / 1024.0 / 1024.0, 1));
		machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
				+ System.getProperty("os.arch"));
		machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
		machine.put("redis", "redis-server " + redisVersion(redis));
		machine.put("python", (pythonVersions != null) ? pythonVersions : "not available");
		machine.put("celeryApi", BenchMain.class.getPackage().getImplementationVersion() != null
				? BenchMain.class.getPackage().getImplementationVersion() : "0.1.0-SNAPSHOT");
		machine.put("gitCommit", gitCommit());
		machine.put("loadAverageAtStart", loadAverage());
		return machine;
	}

	static String loadAverage() {
		try {
			String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
			return parts[0] + " " + parts[1] + " " + parts[2];
		}
		catch (IOException | RuntimeException ex) {
			return "unknown";
		}
	}

	/** One line for the markdown output. */
	static String summary(Map<String, Object> machine) {
		return machine.get("cpus") + " × " + machine.get("cpuModel") + ", " + machine.get("memoryGiB") + " GiB, "
				+ machine.get("os") + "; " + machine.get("java") + "; " + machine.get("redis") + "; "
				+ machine.get("python") + "; commit " + machine.get("gitCommit") + "; load average at start "
				+ machine.get("loadAverageAtStart");
	}

	/**
	 * The commit the run measured, with "-dirty" when tracked files other than the committed
	 * results had changes, so a committed result names the code it came from (a run that
	 * writes its JSON into {@code benchmarks/results} does not mark the next one dirty).
	 */
	private static String gitCommit() {
		String commit = CommandOutput.of("git", "describe", "--always", "--abbrev=12");
		if (commit == null || commit.isEmpty()) {
			return "unknown";
		}
		String changes = CommandOutput.of("git", "status", "--porcelain", "--untracked-files=no", "--", ":/",
				":(top,exclude)benchmarks/results");
		return (changes == null || !changes.isEmpty()) ? commit + "-dirty" : commit;
	}

	private static String cpuModel() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
				if (line.startsWith("model name")) {
					return line.substring(line.indexOf(':') + 1).trim();
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// fall through
		}
		return System.getProperty("os.arch");
	}

	private static long memTotalKb() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
				if (line.startsWith("MemTotal:")) {
					return Long.parseLong(line.replaceAll("\\D", ""));
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// fall through
		}
		return Runtime.getRuntime().maxMemory() / 1024;
	}

	private static String redisVersion(RedisServer redis) {
		String info = redis.command("INFO", "server");
		if (info != null) {
			for (String line : info.split("\r?\n")) {
				if (line.startsWith("redis_version:")) {
					return line.substring("redis_version:".length()).trim();
				}
			}
		}
		return "unknown";
	}

}
