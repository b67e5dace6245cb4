package io.celeryapi.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;

import io.celeryapi.actuate.CeleryClientMetrics;
import io.celeryapi.actuate.CeleryQueueMetrics;
import io.celeryapi.actuate.CeleryWorkerMetrics;
import io.celeryapi.client.CeleryClientFactory;
import io.celeryapi.internal.TaskPublisher;
import io.celeryapi.internal.redis.RedisBroker;
import io.celeryapi.worker.CeleryWorker;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of Micrometer metrics for the Celery worker, queues and clients. The
 * metrics are {@link io.micrometer.core.instrument.binder.MeterBinder MeterBinders}, bound
 * by Spring Boot once every singleton exists.
 *
 * @author celery-api
 * @since 0.1.0
 */
@AutoConfiguration(after = { CeleryAutoConfiguration.class, CeleryWorkerAutoConfiguration.class,
		CeleryClientAutoConfiguration.class },
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
public final class CeleryMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(CeleryWorker.class)
	CeleryWorkerMetrics celeryWorkerMetrics(CeleryWorker worker) {
		CeleryWorkerMetrics metrics = new CeleryWorkerMetrics(worker);
		// Before the worker starts: it reads its listeners when it starts.
		worker.addTaskEventListener(metrics);
		return metrics;
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean({ RedisBroker.class, TaskPublisher.class })
	CeleryQueueMetrics celeryQueueMetrics(RedisBroker broker, ObjectProvider<CeleryWorker> worker,
			ObjectProvider<CeleryClientFactory> clients, TaskPublisher publisher) {
		return new CeleryQueueMetrics(broker, worker.getIfUnique(), clients.getIfUnique(), publisher,
				CeleryQueueMetrics.DEFAULT_REFRESH_INTERVAL);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(CeleryClientFactory.class)
	CeleryClientMetrics celeryClientMetrics(CeleryClientFactory clients) {
		CeleryClientMetrics metrics = new CeleryClientMetrics();
		clients.addCallListener(metrics);
		return metrics;
	}

}
