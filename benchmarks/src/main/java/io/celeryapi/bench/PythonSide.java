package io.celeryapi.bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.jspecify.annotations.Nullable;

/**
 * The Python Celery side of the benchmarks: Debian's {@code python3-celery} run by
 * {@value #PYTHON}, the bundled {@code benchapp.py} (workers) and {@code bench_client.py}
 * (callers), extracted into the scratch directory.
 */
final class PythonSide {

	static final String PYTHON = "/usr/bin/python3";

	private static final String RESOURCES = "/io/celeryapi/bench/python/";

	private final Path directory;

	private final String brokerUrl;

	private final String backendUrl;

	private final JsonMapper mapper;

	PythonSide(Path directory, String brokerUrl, String backendUrl, JsonMapper mapper) {
		this.directory = directory;
		this.brokerUrl = brokerUrl;
		this.backendUrl = backendUrl;
		this.mapper = mapper;
		for (String file : List.of("benchapp.py", "bench_client.py")) {
			try (InputStream in = PythonSide.class.getResourceAsStream(RESOURCES + file)) {
				if (in == null) {
					throw new IllegalStateException("missing resource " + RESOURCES + file);
				}
				Files.copy(in, directory.resolve(file), StandardCopyOption.REPLACE_EXISTING);
			}
			catch (IOException ex) {
				throw new IllegalStateException("Could not extract " + file, ex);
			}
		}
	}

	/**
	 * The versions of Python, Celery, kombu and redis-py, or {@code null} when
	 * {@value #PYTHON} cannot import celery.
	 */
	static @Nullable String versions() {
		return CommandOutput.of(PYTHON, "-c",
				"import sys, celery, kombu, redis; print('Python %s, Celery %s, kombu %s, redis-py %s' % "
						+ "(sys.version.split()[0], celery.__version__, kombu.__version__, redis.__version__))");
	}

	/**
	 * Runs one scenario in a new Python caller process; Python's start-up is not measured.
	 * @param request the request of {@code bench_client.py}
	 * @param timeout how long the whole run may take
	 * @return what the caller measured
	 */
	Measurement run(Map<String, Object> request, Duration timeout) {
		Path out = this.directory.resolve("client.out");
		Path err = this.directory.resolve("client.err");
		try {
			String json = this.mapper.writeValueAsString(request);
			ProcessBuilder builder = new ProcessBuilder(PYTHON, "bench_client.py", json)
				.directory(this.directory.toFile())
				.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
				.redirectOutput(out.toFile())
				.redirectError(err.toFile());
			builder.environment().putAll(Map.of("BENCH_BROKER", this.brokerUrl, "BENCH_BACKEND", this.backendUrl,
					"PYTHONPATH", this.directory.toString()));
			Process process = builder.start();
			Cleanup.register(process);
			try {
				if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
					process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
					throw new IllegalStateException("Python caller did not finish within " + timeout + ": " + json
							+ "\n" + Files.readString(err));
				}
			}
			finally {
				Cleanup.unregister(process);
			}
			if (process.exitValue() != 0) {
				throw new IllegalStateException("Python caller failed with exit code " + process.exitValue() + ": "
						+ json + "\n" + Files.readString(err));
			}
			JsonNode result = this.mapper.readTree(Files.readString(out));
			long[] latencies = null;
			JsonNode l = result.get("latenciesNs");
			if (l != null && l.isArray()) {
				latencies = new long[l.size()];
				for (int i = 0; i < latencies.length; i++) {
					latencies[i] = l.get(i).asLong(0);
				}
			}
			int calls = ((Number) request.get("calls")).intValue();
			return new Measurement(calls, result.get("seconds").asDouble(), result.path("publishSeconds").asDouble(0),
					latencies, result.path("errors").asInt(0), result.path("cpuSeconds").asDouble(Double.NaN));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Python caller failed: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

}
