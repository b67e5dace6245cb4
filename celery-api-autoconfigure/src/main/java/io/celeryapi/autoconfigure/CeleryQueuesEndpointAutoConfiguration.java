package io.celeryapi.autoconfigure;

import io.celeryapi.actuate.CeleryQueuesEndpoint;
import io.celeryapi.client.CeleryClientFactory;
import io.celeryapi.internal.TaskPublisher;
import io.celeryapi.internal.redis.RedisBroker;
import io.celeryapi.worker.CeleryWorker;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code queues} actuator endpoint.
 *
 * @author celery-api
 * @since 0.1.0
 */
@AutoConfiguration(after = { CeleryAutoConfiguration.class, CeleryWorkerAutoConfiguration.class,
		CeleryClientAutoConfiguration.class })
@ConditionalOnClass(ConditionalOnAvailableEndpoint.class)
@ConditionalOnAvailableEndpoint(CeleryQueuesEndpoint.class)
public final class CeleryQueuesEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean({ RedisBroker.class, TaskPublisher.class })
	CeleryQueuesEndpoint celeryQueuesEndpoint(RedisBroker broker, ObjectProvider<CeleryWorker> worker,
			ObjectProvider<CeleryClientFactory> clients, TaskPublisher publisher, CeleryProperties properties) {
		CeleryWorker celeryWorker = worker.getIfUnique();
		String deadLetterKey = (celeryWorker != null) ? celeryWorker.getSettings().deadLetterKey()
				: properties.getWorker().getDeadLetterKey();
		return new CeleryQueuesEndpoint(broker, deadLetterKey, celeryWorker, clients.getIfUnique(), publisher);
	}

}
