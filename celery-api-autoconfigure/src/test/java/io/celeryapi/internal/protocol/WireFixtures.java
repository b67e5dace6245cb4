package io.celeryapi.internal.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Access to the captured Celery payloads under {@code src/test/resources/wire}.
 */
final class WireFixtures {

	private WireFixtures() {
	}

	/**
	 * Reads a capture file.
	 * @param path the path below {@code wire/}, for example {@code examples/task_basic.json}
	 * @return the parsed file
	 */
	static JsonNode read(String path) {
		try (InputStream in = WireFixtures.class.getResourceAsStream("/wire/" + path)) {
			if (in == null) {
				throw new IllegalArgumentException("no capture wire/" + path);
			}
			return WireJson.MAPPER.readTree(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The captured envelopes of one golden example file, with their decoded bodies.
	 * @param file the example file name, for example {@code task_basic.json}
	 * @return the envelopes in file order
	 */
	static List<Golden> goldens(String file) {
		JsonNode root = read("examples/" + file);
		List<Golden> goldens = new ArrayList<>();
		if (root.has("redis_value")) {
			goldens.add(new Golden(file, 0, (ObjectNode) root.get("redis_value"), root.get("body_decoded")));
		}
		if (root.get("messages") != null) {
			int i = 0;
			for (JsonNode message : root.get("messages")) {
				goldens.add(new Golden(file, i++, (ObjectNode) message.get("redis_value"),
						message.get("body_decoded")));
			}
		}
		return goldens;
	}

	/**
	 * The single envelope of a golden example file.
	 * @param file the example file name
	 * @return the envelope
	 */
	static Golden golden(String file) {
		List<Golden> goldens = goldens(file);
		if (goldens.size() != 1) {
			throw new IllegalArgumentException(file + " holds " + goldens.size() + " envelopes");
		}
		return goldens.get(0);
	}

	/**
	 * The names of all files in a capture folder that start with a prefix.
	 * @param folder the folder below {@code wire/}
	 * @param prefix the file name prefix
	 * @return the sorted file names
	 */
	static List<String> files(String folder, String prefix) {
		URL url = WireFixtures.class.getResource("/wire/" + folder);
		if (url == null) {
			throw new IllegalArgumentException("no capture folder wire/" + folder);
		}
		try (Stream<Path> paths = Files.list(Path.of(url.toURI()))) {
			return paths.map((p) -> p.getFileName().toString())
				.filter((name) -> name.startsWith(prefix) && name.endsWith(".json"))
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Every stored {@code celery-task-meta-*} value in a capture file, by task id: the
	 * {@code backend_db1} entries and a {@code meta_while_running} snapshot.
	 * @param path the path below {@code wire/}
	 * @return the stored result objects, keyed by task id
	 */
	static List<Map.Entry<String, JsonNode>> storedMetas(String path) {
		JsonNode root = read(path);
		List<Map.Entry<String, JsonNode>> metas = new ArrayList<>();
		JsonNode backend = root.path("backend_db1");
		for (Map.Entry<String, JsonNode> key : backend.properties()) {
			if (key.getKey().startsWith("celery-task-meta-")) {
				metas.add(Map.entry(key.getKey().substring("celery-task-meta-".length()), key.getValue().get("value")));
			}
		}
		JsonNode running = root.path("client_saw").get("meta_while_running");
		if (running != null && running.isObject()) {
			metas.add(Map.entry(running.get("task_id").asString(), running));
		}
		return metas;
	}

	/**
	 * An envelope as JSON text.
	 * @param envelope the envelope
	 * @return the text
	 */
	static String text(JsonNode envelope) {
		return WireJson.MAPPER.writeValueAsString(envelope);
	}

	/**
	 * Base64 of UTF-8 text, as kombu encodes bodies.
	 * @param text the payload
	 * @return the base64 text
	 */
	static String base64(String text) {
		return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * A minimal protocol 2 envelope, as in the {@code minimal} raw message case.
	 * @param id the task id
	 * @param task the task name
	 * @param body the body JSON text
	 * @return a mutable envelope
	 */
	static ObjectNode minimalEnvelope(String id, String task, String body) {
		ObjectNode envelope = WireJson.NODES.objectNode();
		envelope.put("body", base64(body));
		envelope.put("content-encoding", "utf-8");
		envelope.put("content-type", "application/json");
		ObjectNode headers = envelope.putObject("headers");
		headers.put("lang", "java");
		headers.put("task", task);
		headers.put("id", id);
		ObjectNode properties = envelope.putObject("properties");
		properties.put("correlation_id", id);
		ObjectNode deliveryInfo = properties.putObject("delivery_info");
		deliveryInfo.put("exchange", "");
		deliveryInfo.put("routing_key", "celery");
		properties.put("body_encoding", "base64");
		properties.put("delivery_tag", "tag-" + id);
		return envelope;
	}

	/**
	 * Decodes an envelope given as a tree.
	 * @param envelope the envelope
	 * @return the task message
	 */
	static TaskMessage decode(JsonNode envelope) {
		return TaskMessageCodec.decode(Envelope.parse(text(envelope)));
	}

	/**
	 * One captured envelope.
	 *
	 * @param file the file it came from
	 * @param index its position in the file
	 * @param envelope the envelope as stored in Redis
	 * @param body the body as the capture tool decoded it
	 */
	record Golden(String file, int index, ObjectNode envelope, JsonNode body) {

		String raw() {
			return text(this.envelope);
		}

		ObjectNode headers() {
			return (ObjectNode) this.envelope.get("headers");
		}

		TaskMessage decode() {
			return TaskMessageCodec.decode(Envelope.parse(raw()));
		}

		@Override
		public String toString() {
			return this.file + "#" + this.index;
		}

	}

}
