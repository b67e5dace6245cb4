package io.celeryapi.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Options of a benchmark run, from {@code --name=value} arguments, each also settable as
 * the system property {@code bench.name}.
 */
final class Options {

	static final String USAGE = """
			Usage: BenchMain [--scale=1] [--out=results/latest.json] [--only=sync,many,throughput]
			                 [--pools=solo,threads,prefork] [--probe=0.1] [--probe-margin=0.25] [--inflight=64]
			                 [--python=false] [--worker-jvm-args='-Xmx256m ...'] [--java-concurrency=N] [--prefetch-multiplier=16]
			       BenchMain --smoke [--baseline=baseline-smoke.json] [--factor=10] [--write-baseline]

			  --scale      multiplies every call and task count (0.1 is a quick run)
			  --out        where the JSON goes (the markdown table goes to stdout)
			  --only       scenarios to run
			  --pools      Python Celery pools to measure
			  --probe      fraction of the throughput tasks each Python pool gets first; the pools
			               of each mode within --probe-margin (0.25: 25 %) of the best probe then
			               run the full count (--probe=1 runs every pool in full)
			  --worker-jvm-args
			               JVM options of the Java worker; without them the JVM's defaults
			               (mvn exec:exec passes -Xmx128m -XX:+UseSerialGC, the README's runs)
			  --smoke      the CI smoke benchmark: Java only, seconds long, compared with the
			               baseline; exits 1 only when a figure is --factor times worse
			""";

	final Map<String, String> values = new LinkedHashMap<>();

	private Options() {
	}

	static Options parse(String[] args) {
		Options options = new Options();
		System.getProperties().forEach((k, v) -> {
			String key = k.toString();
			if (key.startsWith("bench.") && !v.toString().isBlank()) {
				options.values.put(key.substring("bench.".length()), v.toString());
			}
		});
		List<String> all = new ArrayList<>();
		for (String arg : args) {
			// exec:exec passes one argument per property; a shell may pass several in one
			all.addAll(Arrays.asList(arg.trim().split("\\s+(?=--)")));
		}
		for (String arg : all) {
			if (arg.isBlank()) {
				continue;
			}
			if (arg.equals("-h") || arg.equals("--help")) {
				System.out.println(USAGE);
				System.exit(0);
			}
			if (!arg.startsWith("--")) {
				throw new IllegalArgumentException("unknown argument " + arg + "\n" + USAGE);
			}
			int eq = arg.indexOf('=');
			String key = (eq < 0) ? arg.substring(2) : arg.substring(2, eq);
			String value = (eq < 0) ? "true" : arg.substring(eq + 1);
			options.values.put(key, value);
		}
		return options;
	}

	String string(String key, String defaultValue) {
		String value = this.values.get(key);
		return (value == null || value.isBlank()) ? defaultValue : value;
	}

	double number(String key, double defaultValue) {
		String value = this.values.get(key);
		return (value == null || value.isBlank()) ? defaultValue : Double.parseDouble(value);
	}

	boolean flag(String key) {
		String value = this.values.get(key);
		return value != null && !value.equalsIgnoreCase("false");
	}

	List<String> list(String key, String defaultValue) {
		String value = string(key, defaultValue).toLowerCase(Locale.ROOT);
		if (value.equals("all")) {
			value = defaultValue;
		}
		return Arrays.stream(value.split(",")).map(String::trim).filter((s) -> !s.isEmpty()).toList();
	}

	Path path(String key, String defaultValue) {
		return Path.of(string(key, defaultValue)).toAbsolutePath().normalize();
	}

	List<String> words(String key) {
		String value = string(key, "");
		return value.isBlank() ? List.of() : Arrays.asList(value.trim().split("\\s+"));
	}

}
