package io.celeryapi.autoconfigure;

import java.time.Duration;

import io.celeryapi.actuate.CeleryTasksEndpoint;
import io.celeryapi.client.CeleryClientFactory;
import io.celeryapi.inspect.CeleryInspector;
import io.celeryapi.internal.TaskPublisher;
import io.celeryapi.worker.CeleryWorker;
import io.celeryapi.worker.TaskRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code tasks} actuator endpoint.
 *
 * @author celery-api
 * @since 0.1.0
 */
@AutoConfiguration(after = { CeleryAutoConfiguration.class, CeleryWorkerAutoConfiguration.class,
		CeleryClientAutoConfiguration.class })
@ConditionalOnClass(ConditionalOnAvailableEndpoint.class)
@ConditionalOnAvailableEndpoint(CeleryTasksEndpoint.class)
public final class CeleryTasksEndpointAutoConfiguration {

	/** How long the endpoint waits for the live workers' replies. */
	static final Duration INSPECT_TIMEOUT = Duration.ofSeconds(1);

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean({ TaskPublisher.class, CeleryInspector.class })
	CeleryTasksEndpoint celeryTasksEndpoint(ObjectProvider<TaskRegistry> registry, ObjectProvider<CeleryWorker> worker,
			ObjectProvider<CeleryClientFactory> clients, TaskPublisher publisher, CeleryInspector inspector) {
		return new CeleryTasksEndpoint(registry.getIfUnique(TaskRegistry::new), worker.getIfUnique(),
				clients.getIfUnique(), publisher, inspector, INSPECT_TIMEOUT);
	}

}
