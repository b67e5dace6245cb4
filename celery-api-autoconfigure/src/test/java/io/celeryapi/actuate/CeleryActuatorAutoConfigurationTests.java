package io.celeryapi.actuate;

import java.io.IOException;
import java.net.ServerSocket;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import io.celeryapi.autoconfigure.CeleryAutoConfiguration;
import io.celeryapi.autoconfigure.CeleryClientAutoConfiguration;
import io.celeryapi.autoconfigure.CeleryHealthContributorAutoConfiguration;
import io.celeryapi.autoconfigure.CeleryMetricsAutoConfiguration;
import io.celeryapi.autoconfigure.CeleryQueuesEndpointAutoConfiguration;
import io.celeryapi.autoconfigure.CeleryTasksEndpointAutoConfiguration;
import io.celeryapi.autoconfigure.CeleryWorkerAutoConfiguration;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The actuator auto-configurations: which beans there are and when they back off. No
 * context here has tasks or clients, so none connects to Redis.
 */
class CeleryActuatorAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CeleryAutoConfiguration.class, CeleryWorkerAutoConfiguration.class,
				CeleryClientAutoConfiguration.class, CeleryTasksEndpointAutoConfiguration.class,
				CeleryQueuesEndpointAutoConfiguration.class, CeleryHealthContributorAutoConfiguration.class,
				CeleryMetricsAutoConfiguration.class))
		.withPropertyValues("celery.broker-url=redis://127.0.0.1:" + deadPort() + "/0", "celery.client.verify=off");

	@Test
	void exposedEndpointsHealthAndMetricsAreProvided() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=tasks,queues")
			.withBean(SimpleMeterRegistry.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(CeleryTasksEndpoint.class);
				assertThat(context).hasSingleBean(CeleryQueuesEndpoint.class);
				assertThat(context).hasSingleBean(CeleryHealthIndicator.class);
				assertThat(context).hasBean("celeryHealthIndicator");
				assertThat(context).hasSingleBean(CeleryWorkerMetrics.class);
				assertThat(context).hasSingleBean(CeleryQueueMetrics.class);
				assertThat(context).hasSingleBean(CeleryClientMetrics.class);
			});
	}

	@Test
	void endpointsThatAreNotExposedAreNotCreated() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(CeleryTasksEndpoint.class);
			assertThat(context).doesNotHaveBean(CeleryQueuesEndpoint.class);
		});
	}

	@Test
	void withoutActuatorNothingActuatorIsCreated() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=tasks,queues")
			.withClassLoader(new FilteredClassLoader(ConditionalOnAvailableEndpoint.class, HealthContributor.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(CeleryTasksEndpoint.class);
				assertThat(context).doesNotHaveBean(CeleryQueuesEndpoint.class);
				assertThat(context).doesNotHaveBean(CeleryHealthIndicator.class);
			});
	}

	@Test
	void withoutMicrometerThereAreNoMetrics() {
		this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(CeleryWorkerMetrics.class);
			assertThat(context).doesNotHaveBean(CeleryQueueMetrics.class);
			assertThat(context).doesNotHaveBean(CeleryClientMetrics.class);
		});
	}

	@Test
	void withoutMeterRegistryThereAreNoMetrics() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(CeleryWorkerMetrics.class);
		});
	}

	@Test
	void healthIndicatorCanBeDisabled() {
		this.runner.withPropertyValues("management.health.celery.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(CeleryHealthIndicator.class));
	}

	@Test
	void userDefinedHealthIndicatorBacksOffOurs() {
		this.runner.withBean("celeryHealthIndicator", HealthIndicator.class, () -> () -> Health.up().build()).run((context) -> assertThat(context).doesNotHaveBean(CeleryHealthIndicator.class));
	}

	private static int deadPort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
