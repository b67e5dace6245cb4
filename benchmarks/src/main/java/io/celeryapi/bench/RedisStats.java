package io.celeryapi.bench;

import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.celeryapi.test.RedisServer;

/** What one task costs the Redis server: commands ({@code INFO commandstats}) and CPU. */
final class RedisStats {

	private RedisStats() {
	}

	static Map<String, Long> commandCalls(RedisServer redis) {
		Map<String, Long> calls = new HashMap<>();
		redis.commandCalls().forEach((command, count) -> calls.put(command.toUpperCase(Locale.ROOT), count));
		return calls;
	}

	/** CPU seconds the server has used so far (user + system), from {@code INFO cpu}. */
	static double cpuSeconds(RedisServer redis) {
		String info = redis.command("INFO", "cpu");
		double seconds = 0;
		if (info != null) {
			for (String line : info.split("\r?\n")) {
				if (line.startsWith("used_cpu_user:") || line.startsWith("used_cpu_sys:")) {
					seconds += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
				}
			}
		}
		return seconds;
	}

	/** Commands per task between two snapshots, the total first, then by command, most first. */
	static Map<String, Object> perTask(Map<String, Long> before, Map<String, Long> after, int tasks) {
		Map<String, Double> per = new HashMap<>();
		double total = 0;
		for (Map.Entry<String, Long> entry : after.entrySet()) {
			if (entry.getKey().equals("INFO")) {
				continue;
			}
			long delta = entry.getValue() - before.getOrDefault(entry.getKey(), 0L);
			if (delta > 0) {
				per.put(entry.getKey(), (double) delta / tasks);
				total += (double) delta / tasks;
			}
		}
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("TOTAL", Row.round(total, 2));
		per.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
			.filter((e) -> e.getValue() >= 0.005)
			.forEach((e) -> result.put(e.getKey(), Row.round(e.getValue(), 2)));
		return result;
	}

}
