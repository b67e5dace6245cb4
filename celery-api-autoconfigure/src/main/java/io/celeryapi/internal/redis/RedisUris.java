package io.celeryapi.internal.redis;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

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
		Parts uri = Parts.of(trimmed, 6379);
		String scheme = uri.scheme();
		if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
			throw new IllegalArgumentException("Unsupported broker URL scheme '" + scheme + "' in " + mask(url)
					+ " (use redis://, rediss:// or sentinel://)");
		}
		RedisURI.Builder builder = RedisURI.builder()
			.withHost((uri.host() != null) ? uri.host() : "localhost")
			.withPort(uri.port())
			.withSsl("rediss".equals(scheme))
			.withDatabase(database(uri.path()))
			.withTimeout(Duration.ofSeconds(60));
		credentials(builder, uri.rawUserInfo());
		RedisURI result = builder.build();
		if (skipsPeerVerification(uri.query())) {
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
			Parts uri = Parts.of(part.trim(), 26379);
			if (uri.host() == null) {
				throw new IllegalArgumentException("Sentinel URL without host in " + mask(url));
			}
			if (builder == null) {
				builder = RedisURI.Builder.sentinel(uri.host(), uri.port(), master);
				database = database(uri.path());
				userInfo = uri.rawUserInfo();
			}
			else {
				builder.withSentinel(uri.host(), uri.port());
			}
		}
		builder.withDatabase(database);
		credentials(builder, userInfo);
		return builder.build();
	}

	/**
	 * Celery turns verification off for {@code ssl_cert_reqs=none} or {@code CERT_NONE}.
	 */
	private static boolean skipsPeerVerification(@Nullable String query) {
		if (query == null) {
			return false;
		}
		for (String pair : query.split("&")) {
			int equals = pair.indexOf('=');
			if (equals > 0 && "ssl_cert_reqs".equals(pair.substring(0, equals))) {
				String value = decode(pair.substring(equals + 1));
				return "none".equals(value) || "CERT_NONE".equals(value);
			}
		}
		return false;
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

	/**
	 * Percent-decodes as Python's {@code unquote}: unlike form decoding, {@code +} stays.
	 */
	private static String decode(String text) {
		return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

	/**
	 * Masks the password in a URL, for logs and {@code inspect conf}.
	 * @param url the URL
	 * @return the URL with {@code **} in place of any password
	 */
	public static String mask(String url) {
		// user info without a colon is read as a password, so it is masked too
		return url.replaceAll("(://[^:/@;]*:)[^@/;]*@", "$1**@").replaceAll("(://)[^:/@;]+@", "$1**@");
	}

	/**
	 * A URL split as Python's {@code urlparse} splits it. {@link java.net.URI} gives no
	 * host for names such as {@code redis_1}, refuses {@code redis://}, and quotes the
	 * whole URL, password included, in its errors.
	 *
	 * @param scheme the scheme, lower case
	 * @param rawUserInfo the user info before the last {@code @}, still percent-encoded
	 * @param host the host without IPv6 brackets, or {@code null}
	 * @param port the port, or the default
	 * @param path the path, {@code ""} when none
	 * @param query the query, or {@code null}
	 */
	private record Parts(String scheme, @Nullable String rawUserInfo, @Nullable String host, int port, String path,
			@Nullable String query) {

		static Parts of(String url, int defaultPort) {
			int schemeEnd = url.indexOf("://");
			if (schemeEnd <= 0) {
				throw new IllegalArgumentException(
						"Broker URL has no scheme (use redis://, rediss:// or sentinel://)");
			}
			String scheme = url.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
			String rest = url.substring(schemeEnd + 3);
			int fragment = rest.indexOf('#');
			if (fragment >= 0) {
				rest = rest.substring(0, fragment);
			}
			String query = null;
			int question = rest.indexOf('?');
			if (question >= 0) {
				query = rest.substring(question + 1);
				rest = rest.substring(0, question);
			}
			int slash = rest.indexOf('/');
			String authority = (slash >= 0) ? rest.substring(0, slash) : rest;
			String path = (slash >= 0) ? rest.substring(slash) : "";
			int at = authority.lastIndexOf('@');
			String userInfo = (at >= 0) ? authority.substring(0, at) : null;
			String host = authority.substring(at + 1);
			int port = defaultPort;
			int colon = host.lastIndexOf(':');
			if (colon >= 0 && colon > host.lastIndexOf(']')) {
				String digits = host.substring(colon + 1);
				host = host.substring(0, colon);
				if (!digits.isEmpty()) {
					try {
						port = Integer.parseInt(digits);
					}
					catch (NumberFormatException ex) {
						throw new IllegalArgumentException("Invalid port '" + digits + "' in " + mask(url));
					}
				}
			}
			if (host.startsWith("[") && host.endsWith("]")) {
				host = host.substring(1, host.length() - 1);
			}
			return new Parts(scheme, userInfo, host.isEmpty() ? null : host, port, path, query);
		}

	}

}
