package io.celeryapi.actuate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads actuator endpoints over HTTP, as a monitoring tool would.
 */
final class ActuatorClient {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final int port;

	ActuatorClient(int port) {
		this.port = port;
	}

	/**
	 * GETs an actuator path.
	 * @param path the path below {@code /actuator}, such as {@code /tasks}
	 * @return the response
	 */
	Response get(String path) {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator" + path))
			.timeout(Duration.ofSeconds(30))
			.header("Accept", "application/json")
			.GET()
			.build();
		try {
			HttpResponse<String> response = this.http.send(request,
					HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
			String body = response.body();
			JsonNode json = (body == null || body.isBlank()) ? MAPPER.missingNode() : MAPPER.readTree(body);
			return new Response(response.statusCode(), json, body);
		}
		catch (IOException ex) {
			throw new IllegalStateException("GET " + path + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("GET " + path + " interrupted", ex);
		}
	}

	/**
	 * GETs an actuator path that must answer 200.
	 * @param path the path below {@code /actuator}
	 * @return the JSON body
	 */
	JsonNode json(String path) {
		Response response = get(path);
		if (response.status() != 200) {
			throw new AssertionError("GET /actuator" + path + " answered " + response.status() + ": " + response.body());
		}
		return response.json();
	}

	record Response(int status, JsonNode json, String body) {
	}

}
