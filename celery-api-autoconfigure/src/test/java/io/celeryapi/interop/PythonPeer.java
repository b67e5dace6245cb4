package io.celeryapi.interop;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.celeryapi.test.PythonCelery;
import io.celeryapi.test.PythonRun;
import io.celeryapi.test.RedisServer;
import io.celeryapi.test.RedisServerExtension;

/**
 * Calls the bundled Python Celery peer ({@code peer_client.py}, or a short script on the
 * {@code peerapp}) against the shared Redis: broker db 0, result backend db 1.
 *
 * <p>Requests are written with non-ASCII characters escaped, so that they reach Python
 * intact whatever the platform's argument encoding.
 */
final class PythonPeer {

	/** How long a caller waits for one result. */
	static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final Duration PROCESS_TIMEOUT = TIMEOUT.plusSeconds(30);

	static final JsonMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

	private PythonPeer() {
	}

	/**
	 * Sends a task with {@code peer_client.py} and waits for its outcome.
	 * @param task the task name
	 * @param args positional arguments
	 * @param kwargs keyword arguments
	 * @param options {@code apply_async} options
	 * @return {@code {"id","status","result"}} or {@code {"id","status","exc_class",...}}
	 */
	static JsonNode call(String task, List<?> args, Map<String, ?> kwargs, Map<String, ?> options) {
		return request(task, args, kwargs, options, true);
	}

	/**
	 * Sends a task with {@code peer_client.py} without waiting.
	 * @param task the task name
	 * @param args positional arguments
	 * @param kwargs keyword arguments
	 * @param options {@code apply_async} options
	 * @return {@code {"id"}}
	 */
	static JsonNode send(String task, List<?> args, Map<String, ?> kwargs, Map<String, ?> options) {
		return request(task, args, kwargs, options, false);
	}

	private static JsonNode request(String task, List<?> args, Map<String, ?> kwargs, Map<String, ?> options,
			boolean wait) {
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("task", task);
		request.put("args", args);
		request.put("kwargs", kwargs);
		request.put("options", options);
		request.put("timeout", TIMEOUT.toSeconds());
		request.put("wait", wait);
		RedisServer redis = RedisServerExtension.shared();
		PythonRun run = PythonCelery.call(redis.url(0), redis.url(1), JSON.writeValueAsString(request),
				PROCESS_TIMEOUT);
		return lastLine(run);
	}

	/**
	 * Runs a Python script with {@code PEER_BROKER} and {@code PEER_BACKEND} set, so that it
	 * can {@code from peerapp import app}; the script prints one JSON line last.
	 * @param lines the script's lines (ASCII only)
	 * @return the last line of its output, parsed
	 */
	static JsonNode script(String... lines) {
		RedisServer redis = RedisServerExtension.shared();
		PythonRun run = PythonCelery.run(PROCESS_TIMEOUT,
				Map.of("PEER_BROKER", redis.url(0), "PEER_BACKEND", redis.url(1)), "-c", String.join("\n", lines));
		return lastLine(run);
	}

	private static JsonNode lastLine(PythonRun run) {
		String out = run.stdoutOrFail().strip();
		String last = out.substring(out.lastIndexOf('\n') + 1);
		try {
			return JSON.readTree(last);
		}
		catch (RuntimeException ex) {
			throw new AssertionError("Python printed no JSON line\n--- stdout ---\n" + run.stdout()
					+ "\n--- stderr ---\n" + run.stderr(), ex);
		}
	}

}
