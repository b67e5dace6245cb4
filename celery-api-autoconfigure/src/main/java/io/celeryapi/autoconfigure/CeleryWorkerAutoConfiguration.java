package io.celeryapi.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import io.celeryapi.internal.TaskPublisher;
import io.celeryapi.internal.redis.RedisUris;
import io.celeryapi.internal.redis.RedisBroker;
import io.celeryapi.worker.CeleryTaskBeanPostProcessor;
import io.celeryapi.worker.CeleryWorker;
import io.celeryapi.worker.TaskRegistry;
import io.celeryapi.worker.WorkerSettings;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.thread.Threading;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

/**
 * Auto-configuration of the Celery worker: finds {@code @CeleryTask} methods and serves
 * them when there are any.
 *
 * @author celery-api
 * @since 0.1.0
 */
@AutoConfiguration(after = CeleryAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "celery.worker.enabled", matchIfMissing = true)
public final class CeleryWorkerAutoConfiguration {

	@Bean
	static CeleryTaskBeanPostProcessor celeryTaskBeanPostProcessor(ObjectProvider<TaskRegistry> registry,
			ObjectProvider<JsonMapper> jsonMapper) {
		return new CeleryTaskBeanPostProcessor(registry,
				new FallbackProvider<>(jsonMapper, () -> JsonMapper.builder().build()));
	}

	@Bean
	@ConditionalOnMissingBean
	static TaskRegistry celeryTaskRegistry() {
		return new TaskRegistry();
	}

	@Bean
	@ConditionalOnMissingBean
	CeleryWorker celeryWorker(TaskRegistry registry, RedisBroker broker, TaskPublisher publisher,
			CeleryProperties properties, Environment environment, ApplicationContext context) {
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("celery-worker-");
		if (Threading.VIRTUAL.isActive(environment)) {
			executor.setVirtualThreads(true);
		}
		ConditionalWorker worker = new ConditionalWorker(registry, broker, publisher, settings(properties), executor);
		worker.setConf(conf(properties, worker.getSettings()));
		if (context instanceof ConfigurableApplicationContext configurable) {
			worker.setShutdownAction(configurable::close);
		}
		return worker;
	}

	/**
	 * What {@code celery inspect conf} shows, in Celery's setting names, with every
	 * credential masked.
	 */
	static Map<String, Object> conf(CeleryProperties properties, WorkerSettings settings) {
		Map<String, Object> conf = new LinkedHashMap<>();
		String broker = (properties.getBrokerUrl() != null) ? properties.getBrokerUrl() : "spring.data.redis";
		conf.put("broker_url", RedisUris.mask(broker));
		conf.put("result_backend",
				RedisUris.mask((properties.getResultBackend() != null) ? properties.getResultBackend() : broker));
		conf.put("task_default_queue", properties.getTemplate().getDefaultQueue());
		conf.put("worker_concurrency", settings.concurrency());
		conf.put("worker_prefetch_multiplier", properties.getWorker().getPrefetchMultiplier());
		conf.put("task_acks_late", settings.acksLate());
		conf.put("task_track_started", settings.trackStarted());
		conf.put("result_extended", settings.resultExtended());
		conf.put("result_expires", properties.getResultExpires().toSeconds());
		conf.put("worker_send_task_events", settings.sendTaskEvents());
		conf.put("broker_transport_options", Map.of("visibility_timeout", settings.visibilityTimeout().toSeconds()));
		conf.put("worker_hostname", settings.hostname());
		conf.put("queues", settings.queues());
		return conf;
	}

	static WorkerSettings settings(CeleryProperties properties) {
		CeleryProperties.Worker worker = properties.getWorker();
		int concurrency = (worker.getConcurrency() != null) ? worker.getConcurrency()
				: Runtime.getRuntime().availableProcessors();
		List<String> queues = new ArrayList<>(worker.getQueues());
		return new WorkerSettings(NodeNames.expand(worker.getHostname()), queues, concurrency,
				concurrency * Math.max(1, worker.getPrefetchMultiplier()), worker.isAcksLate(),
				worker.isTrackStarted(), properties.isResultExtended(), worker.getShutdownTimeout(),
				worker.getMaxMessageSize().toBytes(), worker.getDeadLetterKey(),
				properties.getBroker().getVisibilityTimeout(), properties.getBroker().getRestoreInterval(),
				worker.isRemoteShutdown(), worker.isSendEvents(), worker.getTimeLimit(), worker.getSoftTimeLimit(),
				worker.getRevokedExpires());
	}

	/**
	 * A worker that only consumes when the application has tasks, so that a client-only
	 * application never takes messages from a shared queue.
	 */
	static final class ConditionalWorker extends CeleryWorker {

		private final TaskRegistry registry;

		ConditionalWorker(TaskRegistry registry, RedisBroker broker, TaskPublisher publisher,
				WorkerSettings settings, SimpleAsyncTaskExecutor executor) {
			super(registry, broker, publisher, settings, executor);
			this.registry = registry;
		}

		@Override
		public boolean isAutoStartup() {
			return !this.registry.isEmpty();
		}

	}

}
