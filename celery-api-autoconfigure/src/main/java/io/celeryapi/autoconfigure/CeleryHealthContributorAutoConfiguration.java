package io.celeryapi.autoconfigure;

import java.time.Duration;

import io.celeryapi.actuate.CeleryHealthIndicator;
import io.celeryapi.client.CeleryClientFactory;
import io.celeryapi.inspect.CeleryInspector;
import io.celeryapi.internal.TaskPublisher;
import io.celeryapi.internal.redis.RedisConnections;
import io.celeryapi.worker.CeleryWorker;
import io.celeryapi.worker.TaskRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code celery} health indicator.
 *
 * @author celery-api
 * @since 0.1.0
 */
@AutoConfiguration(after = { CeleryAutoConfiguration.class, CeleryWorkerAutoConfiguration.class,
		CeleryClientAutoConfiguration.class })
@ConditionalOnClass(HealthContributor.class)
@ConditionalOnEnabledHealthIndicator("celery")
@EnableConfigurationProperties(CeleryHealthProperties.class)
public final class CeleryHealthContributorAutoConfiguration {

	/** How long the indicator waits for the broker's and the live workers' answers. */
	static final Duration TIMEOUT = Duration.ofSeconds(1);

	@Bean
	@ConditionalOnMissingBean(name = { "celeryHealthIndicator", "celeryHealthContributor" })
	@ConditionalOnBean({ RedisConnections.class, TaskPublisher.class, CeleryInspector.class })
	CeleryHealthIndicator celeryHealthIndicator(RedisConnections connections, ObjectProvider<TaskRegistry> registry,
			ObjectProvider<CeleryWorker> worker, ObjectProvider<CeleryClientFactory> clients, TaskPublisher publisher,
			CeleryInspector inspector, CeleryHealthProperties properties) {
		return new CeleryHealthIndicator(connections, registry.getIfUnique(TaskRegistry::new), worker.getIfUnique(),
				clients.getIfUnique(), publisher, inspector, TIMEOUT, properties.isClientQueuesAffectStatus());
	}

}
