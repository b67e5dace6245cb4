package io.celeryapi.autoconfigure;

import io.lettuce.core.SslOptions;
import tools.jackson.databind.json.JsonMapper;

import io.celeryapi.core.CeleryOperations;
import io.celeryapi.core.CeleryTemplate;
import io.celeryapi.inspect.CeleryInspector;
import io.celeryapi.internal.TaskPublisher;
import io.celeryapi.internal.client.DiscoveryRouter;
import io.celeryapi.internal.redis.RedisBroker;
import io.celeryapi.internal.redis.RedisConnections;
import io.celeryapi.internal.redis.RedisResultBackend;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Auto-configuration of the Celery broker, result backend and {@link CeleryTemplate}.
 *
 * @author celery-api
 * @since 0.1.0
 */
@AutoConfiguration(afterName = { "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
		"org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
		"org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration" })
@ConditionalOnClass({ RedisConnectionFactory.class, io.lettuce.core.RedisClient.class })
@EnableConfigurationProperties(CeleryProperties.class)
public final class CeleryAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	RedisConnections celeryRedisConnections(CeleryProperties properties,
			ObjectProvider<RedisConnectionFactory> connectionFactory, ObjectProvider<SslBundles> sslBundles) {
		SslOptions ssl = RedisUriResolver.sslOptions(properties.getBroker(), sslBundles.getIfAvailable());
		RedisUriResolver.Endpoint broker = RedisUriResolver.broker(properties, connectionFactory.getIfUnique(), ssl);
		RedisUriResolver.Endpoint backend = RedisUriResolver.backend(properties, broker, ssl);
		return new RedisConnections(broker.uri(), broker.ssl(), backend.uri(), backend.ssl());
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
	@ConditionalOnMissingBean
	CeleryInspector celeryInspector(RedisConnections connections, TaskPublisher publisher,
			CeleryProperties properties) {
		CeleryInspector inspector = new CeleryInspector(connections);
		CeleryProperties.Client client = properties.getClient();
		if (client.getRouting() == CeleryProperties.Client.Routing.DISCOVERY) {
			publisher.setDiscovery(new DiscoveryRouter(inspector, client.getDiscoveryTtl(), client.getInspectTimeout()));
		}
		return inspector;
	}

	@Bean
	@ConditionalOnMissingBean(CeleryOperations.class)
	CeleryTemplate celeryTemplate(TaskPublisher publisher) {
		return new CeleryTemplate(publisher);
	}

}
