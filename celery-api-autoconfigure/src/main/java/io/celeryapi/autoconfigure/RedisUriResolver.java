package io.celeryapi.autoconfigure;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;

import io.celeryapi.internal.redis.RedisUris;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.io.ApplicationResourceLoader;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConverters;

/**
 * Works out where the broker and the backend are, and how to reach them over TLS:
 * {@code celery.broker-url}, else the connection Spring Boot's
 * {@link RedisConnectionFactory} was configured with, else
 * {@code redis://localhost:6379/0}.
 */
final class RedisUriResolver {

	private RedisUriResolver() {
	}

	/**
	 * A Redis server to connect to.
	 * @param uri where it is
	 * @param ssl TLS settings for a {@code rediss://} server, or {@code null} for Lettuce's
	 * defaults (the JVM's trust store)
	 */
	record Endpoint(RedisURI uri, @Nullable SslOptions ssl) {
	}

	/**
	 * The broker.
	 * @param properties the properties
	 * @param factory Spring Boot's connection factory, used without a broker URL
	 * @param configured the TLS settings of {@link #sslOptions}
	 * @return the broker
	 */
	static Endpoint broker(CeleryProperties properties, @Nullable RedisConnectionFactory factory,
			@Nullable SslOptions configured) {
		if (properties.getBrokerUrl() != null) {
			return fromUrl(properties.getBrokerUrl(), properties, configured);
		}
		if (factory instanceof LettuceConnectionFactory lettuce) {
			return fromFactory(lettuce, configured);
		}
		return new Endpoint(RedisUris.parse("redis://localhost:6379/0", null), configured);
	}

	/**
	 * The result backend: {@code celery.result-backend}, else the broker.
	 * @param properties the properties
	 * @param broker the broker
	 * @param configured the TLS settings of {@link #sslOptions}
	 * @return the result backend
	 */
	static Endpoint backend(CeleryProperties properties, Endpoint broker, @Nullable SslOptions configured) {
		if (properties.getResultBackend() != null) {
			return fromUrl(properties.getResultBackend(), properties, configured);
		}
		return broker;
	}

	/**
	 * TLS settings from {@code celery.broker.ssl-bundle} or {@code celery.broker.ssl-ca-file}.
	 */
	static @Nullable SslOptions sslOptions(CeleryProperties.Broker broker, @Nullable SslBundles bundles) {
		String bundleName = broker.getSslBundle();
		String caFile = broker.getSslCaFile();
		if (bundleName != null && caFile != null) {
			throw new IllegalStateException("Set celery.broker.ssl-bundle or celery.broker.ssl-ca-file, not both");
		}
		if (bundleName != null) {
			if (bundles == null) {
				throw new IllegalStateException("celery.broker.ssl-bundle=" + bundleName
						+ " needs Spring Boot's SslBundles (SslAutoConfiguration)");
			}
			return fromBundle(bundles.getBundle(bundleName));
		}
		if (caFile != null) {
			// Plain paths are files, as with Celery, not classpath resources.
			return trusting(ApplicationResourceLoader.get().getResource(caFile), "celery.broker.ssl-ca-file");
		}
		return null;
	}

	private static SslOptions fromBundle(SslBundle bundle) {
		SslOptions.Builder builder = SslOptions.builder()
			.jdkSslProvider()
			.keyManager(bundle.getManagers().getKeyManagerFactory())
			.trustManager(bundle.getManagers().getTrustManagerFactory());
		org.springframework.boot.ssl.SslOptions options = bundle.getOptions();
		if (options.getCiphers() != null) {
			builder.cipherSuites(options.getCiphers());
		}
		if (options.getEnabledProtocols() != null) {
			builder.protocols(options.getEnabledProtocols());
		}
		return builder.build();
	}

	private static SslOptions trusting(Resource caFile, String setting) {
		if (!caFile.exists()) {
			throw new IllegalStateException(setting + " " + caFile.getDescription() + " does not exist");
		}
		return SslOptions.builder().jdkSslProvider().trustManager(caFile::getInputStream).build();
	}

	private static Endpoint fromUrl(String url, CeleryProperties properties, @Nullable SslOptions configured) {
		RedisURI uri = RedisUris.parse(url, properties.getBroker().getSentinelMaster());
		SslOptions ssl = configured;
		Map<String, String> query = query(url);
		String certReqs = query.get("ssl_cert_reqs");
		if (certReqs != null) {
			switch (certReqs.toLowerCase(Locale.ROOT)) {
				case "none", "cert_none" -> uri.setVerifyPeer(SslVerifyMode.NONE);
				case "optional", "cert_optional", "required", "cert_required" -> {
					// Python verifies the server in both modes, and so does Lettuce by default.
				}
				default -> throw new IllegalArgumentException("Invalid ssl_cert_reqs '" + certReqs + "' in "
						+ RedisUris.mask(url) + " (use none, optional or required)");
			}
		}
		String caCerts = query.get("ssl_ca_certs");
		if (caCerts != null && !caCerts.isEmpty()) {
			ssl = trusting(new FileSystemResource(caCerts), "ssl_ca_certs of " + RedisUris.mask(url) + ":");
		}
		return new Endpoint(uri, ssl);
	}

	private static Map<String, String> query(String url) {
		Map<String, String> query = new LinkedHashMap<>();
		int start = url.indexOf('?');
		if (start < 0 || url.trim().startsWith("sentinel://")) {
			return query;
		}
		int end = url.indexOf('#', start);
		String text = url.substring(start + 1, (end < 0) ? url.length() : end).trim();
		for (String pair : text.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = decode((equals < 0) ? pair : pair.substring(0, equals));
			String value = (equals < 0) ? "" : decode(pair.substring(equals + 1));
			query.put(name, value);
		}
		return query;
	}

	private static String decode(String text) {
		return URLDecoder.decode(text, StandardCharsets.UTF_8);
	}

	private static Endpoint fromFactory(LettuceConnectionFactory factory, @Nullable SslOptions configured) {
		if (factory.isClusterAware()) {
			throw new IllegalStateException(
					"Redis Cluster (spring.data.redis.cluster.*) is not supported by Celery; set celery.broker-url");
		}
		LettuceClientConfiguration client = factory.getClientConfiguration();
		RedisSentinelConfiguration sentinel = factory.getSentinelConfiguration();
		RedisURI uri;
		if (sentinel != null && sentinel.getMaster() != null) {
			// Carries the data and sentinel credentials and the database.
			uri = LettuceConverters.sentinelConfigurationToRedisURI(sentinel);
		}
		else {
			RedisURI.Builder builder = RedisURI.builder()
				.withHost(factory.getHostName())
				.withPort(factory.getPort())
				.withDatabase(factory.getDatabase());
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
			uri = builder.build();
		}
		if (client.isUseSsl()) {
			uri.setSsl(true);
			uri.setVerifyPeer(client.getVerifyMode());
			uri.setStartTls(client.isStartTls());
		}
		SslOptions ssl = configured;
		if (ssl == null && client.isUseSsl()) {
			// spring.data.redis.ssl.bundle
			ssl = client.getClientOptions().map(ClientOptions::getSslOptions).orElse(null);
		}
		return new Endpoint(uri, ssl);
	}

}
