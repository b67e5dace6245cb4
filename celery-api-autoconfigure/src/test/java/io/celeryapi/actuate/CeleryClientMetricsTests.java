package io.celeryapi.actuate;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link CeleryClientMetrics} times client calls by task and outcome.
 */
class CeleryClientMetricsTests {

	@Test
	void recordsCallsByTaskAndOutcomeOnceBound() {
		CeleryClientMetrics metrics = new CeleryClientMetrics();
		metrics.completed("accounts.open", "success", 1_000_000);
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		metrics.bindTo(registry);
		metrics.completed("accounts.open", "success", 2_000_000);
		metrics.completed("accounts.open", "success", 4_000_000);
		metrics.completed("accounts.open", "timeout", 9_000_000);
		Timer success = registry.get("celery.client.calls").tag("task", "accounts.open").tag("outcome", "success")
			.timer();
		assertThat(success.count()).isEqualTo(2);
		assertThat(success.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(6.0);
		assertThat(registry.get("celery.client.calls").tag("outcome", "timeout").timer().count()).isEqualTo(1);
	}

}
