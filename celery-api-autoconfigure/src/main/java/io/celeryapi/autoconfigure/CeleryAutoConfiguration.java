package io.celeryapi.autoconfigure;

import io.lettuce.core.RedisURI;
import tools.jackson.databind.json.JsonMapper;

import io.celeryapi.core.CeleryOperations;
import io.celeryapi.core.CeleryTemplate;
import io.celeryapi.internal.TaskPublisher;
import io.celeryapi.internal.redis.RedisBroker;
import io.celeryapi.internal.redis.RedisConnections;
import io.celeryapi.internal.redis.RedisResultBackend;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Auto-configuration of the Celery broker, result backend and {@link CeleryTemplate}.
 *
 * @author celery-api
 * @since 0.1.0
 */
@AutoConfiguration(afterName = { "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
		"org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration" })
@ConditionalOnClass({ RedisConnectionFactory.class, io.lettuce.core.RedisClient.class })
@EnableConfigurationProperties(CeleryProperties.class)
public final class CeleryAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	RedisConnections celeryRedisConnections(CeleryProperties properties,
			ObjectProvider<RedisConnectionFactory> connectionFactory) {
		RedisURI broker = RedisUriResolver.broker(properties, connectionFactory.getIfUnique());
		return new RedisConnections(broker, RedisUriResolver.backend(properties, broker));
	}

	@Bean
	@ConditionalOnMissingBean
	RedisBroker celeryBroker(RedisConnections connections) {
		return new RedisBroker(connections);
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	RedisResultBackend celeryResultBackend(RedisConnections connections, CeleryProperties properties) {
		return new RedisResultBackend(connections, properties.getResultExpires());
	}

	@Bean
	@ConditionalOnMissingBean
	TaskPublisher celeryTaskPublisher(RedisBroker broker, RedisResultBackend backend,
			ObjectProvider<JsonMapper> jsonMapper, CeleryProperties properties) {
		TaskPublisher publisher = new TaskPublisher(broker, backend,
				jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()));
		publisher.setDefaultQueue(properties.getTemplate().getDefaultQueue());
		publisher.setRoutes(properties.getClient().getRoutes());
		return publisher;
	}

	@Bean
	@ConditionalOnMissingBean(CeleryOperations.class)
	CeleryTemplate celeryTemplate(TaskPublisher publisher) {
		return new CeleryTemplate(publisher);
	}

}
