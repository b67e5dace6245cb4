package io.celeryapi.samples.demo;

/**
 * The text {@link SamplesDemo} prints once both samples run: where they are and curl
 * commands to try.
 *
 * @author celery-api
 * @since 0.1.0
 */
final class Instructions {

	private Instructions() {
	}

	static String text(String baseUrl, String brokerUrl, boolean embeddedRedis) {
		String json = "-H 'Content-Type: application/json' ";
		return String.join("\n", "", "=".repeat(78),
				"celery-api samples are running",
				"  bank web API:      " + baseUrl,
				"  accounts service:  Celery worker on queue 'accounts'",
				"  broker:            " + brokerUrl + (embeddedRedis ? " (embedded Redis, stopped on exit)" : ""),
				"", "Try (ids acc-1 and acc-2 are those of the first two accounts the service opens):",
				"  curl -s -X POST " + baseUrl + "/accounts " + json
						+ "-d '{\"owner\":\"ann\",\"initial_cents\":5000}'",
				"  curl -s -X POST " + baseUrl + "/accounts " + json + "-d '{\"owner\":\"bob\"}'",
				"  curl -s -X POST " + baseUrl + "/accounts/acc-1/deposits " + json + "-d '{\"amount_cents\":250}'",
				"  curl -s -X POST " + baseUrl + "/transfers " + json
						+ "-d '{\"from_id\":\"acc-1\",\"to_id\":\"acc-2\",\"amount_cents\":1000}'",
				"  curl -s " + baseUrl + "/accounts/acc-2",
				"  curl -s '" + baseUrl + "/accounts?owner=ann'",
				"Errors (404 AccountNotFound, 422 InvalidAmount, 409 InsufficientFunds):",
				"  curl -si " + baseUrl + "/accounts/acc-999",
				"  curl -si -X POST " + baseUrl + "/accounts/acc-1/deposits " + json + "-d '{\"amount_cents\":0}'",
				"  curl -si -X POST " + baseUrl + "/transfers " + json
						+ "-d '{\"from_id\":\"acc-2\",\"to_id\":\"acc-1\",\"amount_cents\":999999}'",
				"", "Press Ctrl+C to stop.", "=".repeat(78));
	}

}
