package io.celeryapi.autoconfigure;

import io.lettuce.core.RedisURI;

import io.celeryapi.internal.redis.RedisUris;

import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisNode;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Works out where the broker and the backend are: {@code celery.broker-url}, else the
 * connection Spring Boot's {@link RedisConnectionFactory} was configured with, else
 * {@code redis://localhost:6379/0}.
 */
final class RedisUriResolver {

	private RedisUriResolver() {
	}

	static RedisURI broker(CeleryProperties properties, @Nullable RedisConnectionFactory factory) {
		if (properties.getBrokerUrl() != null) {
			return RedisUris.parse(properties.getBrokerUrl(), properties.getBroker().getSentinelMaster());
		}
		if (factory instanceof LettuceConnectionFactory lettuce) {
			return fromFactory(lettuce);
		}
		return RedisUris.parse("redis://localhost:6379/0", null);
	}

	static RedisURI backend(CeleryProperties properties, RedisURI broker) {
		if (properties.getResultBackend() != null) {
			return RedisUris.parse(properties.getResultBackend(), properties.getBroker().getSentinelMaster());
		}
		return broker;
	}

	private static RedisURI fromFactory(LettuceConnectionFactory factory) {
		RedisSentinelConfiguration sentinel = factory.getSentinelConfiguration();
		RedisURI.Builder builder;
		if (sentinel != null && sentinel.getMaster() != null) {
			builder = null;
			for (RedisNode node : sentinel.getSentinels()) {
				if (builder == null) {
					builder = RedisURI.Builder.sentinel(node.getHost(), node.getPort(), sentinel.getMaster().getName());
				}
				else {
					builder.withSentinel(node.getHost(), node.getPort());
				}
			}
			if (builder == null) {
				throw new IllegalStateException("Sentinel configuration without sentinel nodes");
			}
			builder.withDatabase(sentinel.getDatabase());
		}
		else {
			builder = RedisURI.builder()
				.withHost(factory.getHostName())
				.withPort(factory.getPort())
				.withDatabase(factory.getDatabase())
				.withSsl(factory.isUseSsl());
		}
		var standalone = factory.getStandaloneConfiguration();
		char[] password = standalone.getPassword().toOptional().orElse(null);
		if (password != null) {
			String username = standalone.getUsername();
			if (username != null && !username.isEmpty()) {
				builder.withAuthentication(username, password);
			}
			else {
				builder.withPassword(password);
			}
		}
		return builder.build();
	}

}
