package io.celeryapi.samples.bank;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small JSON-over-HTTP client for the end-to-end tests: real requests to a running
 * bank, answers as status, headers and parsed body.
 */
final class HttpJson {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String baseUrl;

	HttpJson(int port) {
		this.baseUrl = "http://localhost:" + port;
	}

	Answer get(String path) {
		return send(HttpRequest.newBuilder(URI.create(this.baseUrl + path)).GET());
	}

	Answer post(String path, String json) {
		return send(HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	private Answer send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.client.send(request.timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
			String body = response.body();
			return new Answer(response.statusCode(), response.headers().firstValue("Location").orElse(null),
					body.isEmpty() ? null : JSON.readTree(body), body);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * One HTTP answer.
	 *
	 * @param status the status code
	 * @param location the Location header, or {@code null}
	 * @param json the parsed body, or {@code null} when empty
	 * @param body the raw body
	 */
	record Answer(int status, String location, JsonNode json, String body) {

		@Override
		public String toString() {
			return this.status + " " + this.body;
		}

	}

}
