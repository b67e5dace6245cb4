package io.celeryapi.internal.redis;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.lettuce.core.RedisURI;

import org.jspecify.annotations.Nullable;

/**
 * Parses Celery-style broker URLs into Lettuce URIs: {@code redis://[user][:password]@host:port/db},
 * {@code rediss://} for TLS, Celery's {@code sentinel://host:port;sentinel://host2:port}
 * (with the master name given separately) and Lettuce's own {@code redis-sentinel://}.
 */
public final class RedisUris {

	private RedisUris() {
	}

	/**
	 * Parses a URL.
	 * @param url the URL
	 * @param sentinelMaster the Sentinel master name, needed for {@code sentinel://}
	 * @return the Lettuce URI
	 */
	public static RedisURI parse(String url, @Nullable String sentinelMaster) {
		String trimmed = url.trim();
		if (trimmed.startsWith("redis-sentinel://")) {
			return RedisURI.create(trimmed);
		}
		if (trimmed.startsWith("sentinel://")) {
			return sentinel(trimmed, sentinelMaster);
		}
		URI uri = URI.create(trimmed);
		String scheme = uri.getScheme();
		if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
			throw new IllegalArgumentException("Unsupported broker URL scheme '" + scheme + "' in " + mask(url)
					+ " (use redis://, rediss:// or sentinel://)");
		}
		RedisURI.Builder builder = RedisURI.builder()
			.withHost((uri.getHost() != null) ? uri.getHost() : "localhost")
			.withPort((uri.getPort() > 0) ? uri.getPort() : 6379)
			.withSsl("rediss".equals(scheme))
			.withDatabase(database(uri.getPath()))
			.withTimeout(Duration.ofSeconds(60));
		credentials(builder, uri.getRawUserInfo());
		RedisURI result = builder.build();
		if (uri.getQuery() != null && uri.getQuery().contains("ssl_cert_reqs=none")) {
			result.setVerifyPeer(false);
		}
		return result;
	}

	private static RedisURI sentinel(String url, @Nullable String master) {
		if (master == null || master.isBlank()) {
			throw new IllegalArgumentException(
					"A sentinel:// broker URL needs celery.broker.sentinel-master (Celery's master_name)");
		}
		RedisURI.Builder builder = null;
		int database = 0;
		String userInfo = null;
		for (String part : url.split(";")) {
			URI uri = URI.create(part.trim());
			if (builder == null) {
				builder = RedisURI.Builder.sentinel(uri.getHost(), (uri.getPort() > 0) ? uri.getPort() : 26379, master);
				database = database(uri.getPath());
				userInfo = uri.getRawUserInfo();
			}
			else {
				builder.withSentinel(uri.getHost(), (uri.getPort() > 0) ? uri.getPort() : 26379);
			}
		}
		builder.withDatabase(database);
		credentials(builder, userInfo);
		return builder.build();
	}

	private static void credentials(RedisURI.Builder builder, @Nullable String rawUserInfo) {
		if (rawUserInfo == null || rawUserInfo.isEmpty()) {
			return;
		}
		int colon = rawUserInfo.indexOf(':');
		String user = (colon < 0) ? "" : decode(rawUserInfo.substring(0, colon));
		String password = decode((colon < 0) ? rawUserInfo : rawUserInfo.substring(colon + 1));
		if (user.isEmpty()) {
			builder.withPassword(password.toCharArray());
		}
		else {
			builder.withAuthentication(user, password.toCharArray());
		}
	}

	private static int database(@Nullable String path) {
		if (path == null || path.length() <= 1) {
			return 0;
		}
		try {
			return Integer.parseInt(path.substring(1));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("Invalid Redis database number '" + path.substring(1) + "'");
		}
	}

	private static String decode(String text) {
		return URLDecoder.decode(text, StandardCharsets.UTF_8);
	}

	/**
	 * Masks the password in a URL, for logs and {@code inspect conf}.
	 * @param url the URL
	 * @return the URL with {@code **} in place of any password
	 */
	public static String mask(String url) {
		return url.replaceAll("(://[^:/@;]*:)[^@/;]*@", "$1**@");
	}

}
