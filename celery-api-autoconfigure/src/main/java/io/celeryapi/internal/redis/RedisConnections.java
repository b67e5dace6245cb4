package io.celeryapi.internal.redis;

import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import javax.net.ssl.SSLException;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DefaultClientResources;
import io.netty.util.HashedWheelTimer;
import io.netty.util.concurrent.DefaultThreadFactory;

import org.jspecify.annotations.Nullable;

/**
 * The Lettuce clients and shared connections to the broker and the result backend.
 * Connections are opened on first use and reconnect by themselves with exponential
 * back-off (Lettuce keeps commands issued while disconnected and sends them on
 * reconnect). {@code rediss://} connections use the given {@link SslOptions} (trusted
 * certificate authorities, client certificate) or else the JVM's defaults.
 */
public final class RedisConnections implements AutoCloseable {

	// Lettuce schedules a timeout for every command and cancels it when the command
	// completes, but its default timer (HashedWheelTimer, 100 ms tick) only drops a
	// cancelled timeout at its next tick, and until then the timeout keeps the command,
	// arguments and reply included, reachable. At tens of thousands of tasks per second
	// that was megabytes of fetched messages and result JSON alive at every young
	// collection, promoted and filling the old generation. A 10 ms tick lets them go
	// young, for a tick thread that wakes 100 times a second.
	private final HashedWheelTimer timer = new HashedWheelTimer(new DefaultThreadFactory("celery-redis-timer", true),
			10, TimeUnit.MILLISECONDS);

	private final ClientResources resources;

	private final RedisClient brokerClient;

	private final RedisClient backendClient;

	private final RedisURI brokerUri;

	private final RedisURI backendUri;

	private volatile @Nullable StatefulRedisConnection<String, String> broker;

	private volatile @Nullable StatefulRedisConnection<String, String> backend;

	/**
	 * Creates clients for a broker and a backend (which may be the same server and db).
	 * @param brokerUri the broker
	 * @param backendUri the result backend
	 */
	public RedisConnections(RedisURI brokerUri, RedisURI backendUri) {
		this(brokerUri, null, backendUri, null);
	}

	/**
	 * Creates clients for a broker and a backend (which may be the same server and db),
	 * with the TLS settings of each.
	 * @param brokerUri the broker
	 * @param brokerSsl TLS settings of the broker, or {@code null} for Lettuce's defaults
	 * @param backendUri the result backend
	 * @param backendSsl TLS settings of the result backend, or {@code null} for Lettuce's
	 * defaults
	 */
	public RedisConnections(RedisURI brokerUri, @Nullable SslOptions brokerSsl, RedisURI backendUri,
			@Nullable SslOptions backendSsl) {
		this.resources = DefaultClientResources.builder()
			.timer(this.timer)
			.reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(5), 2,
					TimeUnit.MILLISECONDS))
			.build();
		this.brokerUri = brokerUri;
		this.backendUri = backendUri;
		this.brokerClient = client(brokerUri, brokerSsl);
		this.backendClient = (sameServer(brokerUri, backendUri) && Objects.equals(brokerSsl, backendSsl))
				? this.brokerClient : client(backendUri, backendSsl);
	}

	private RedisClient client(RedisURI uri, @Nullable SslOptions ssl) {
		RedisClient client = RedisClient.create(this.resources, uri);
		ClientOptions.Builder options = ClientOptions.builder()
			.autoReconnect(true)
			.socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(5)).keepAlive(true).build())
			.timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(60)));
		if (ssl != null) {
			options.sslOptions(ssl);
		}
		client.setOptions(options.build());
		return client;
	}

	/**
	 * Connects, naming the server and the root cause (such as {@code WRONGPASS} or a
	 * certificate that is not trusted) in the exception.
	 */
	private static <T> T connect(String role, RedisURI uri, Supplier<T> connect) {
		try {
			return connect.get();
		}
		catch (RedisConnectionException ex) {
			Throwable cause = ex;
			boolean tls = false;
			for (int depth = 0; depth < 16 && cause.getCause() != null && cause.getCause() != cause; depth++) {
				cause = cause.getCause();
				tls |= cause instanceof SSLException || cause instanceof CertificateException;
			}
			String hint = tls ? " (trust the server's certificate authority with celery.broker.ssl-ca-file or "
					+ "celery.broker.ssl-bundle, or add ?ssl_cert_reqs=none to the URL to skip verification)" : "";
			throw new RedisConnectionException("Could not connect to the Celery " + role + " at " + describe(uri)
					+ ": " + ((cause.getMessage() != null) ? cause.getMessage() : cause.toString()) + hint, ex);
		}
	}

	private static String describe(RedisURI uri) {
		StringBuilder text = new StringBuilder();
		if (uri.getSentinelMasterId() != null) {
			text.append("master '").append(uri.getSentinelMasterId()).append("' of sentinels ");
			uri.getSentinels()
				.forEach((sentinel) -> text.append(sentinel.getHost()).append(':').append(sentinel.getPort()).append(' '));
			text.setLength(text.length() - 1);
		}
		else {
			text.append(uri.isSsl() ? "rediss://" : "redis://").append(uri.getHost()).append(':').append(uri.getPort());
		}
		text.append(", db ").append(uri.getDatabase());
		return text.toString();
	}

	private static boolean sameServer(RedisURI a, RedisURI b) {
		return Objects.equals(a.getHost(), b.getHost()) && a.getPort() == b.getPort()
				&& Objects.equals(a.getSentinelMasterId(), b.getSentinelMasterId()) && a.isSsl() == b.isSsl();
	}

	/**
	 * The timer of every connection's command timeouts.
	 * @return the timer
	 */
	HashedWheelTimer timer() {
		return this.timer;
	}

	/**
	 * The shared broker connection, for non-blocking commands only.
	 * @return the connection
	 */
	public StatefulRedisConnection<String, String> broker() {
		StatefulRedisConnection<String, String> connection = this.broker;
		if (connection == null) {
			synchronized (this) {
				connection = this.broker;
				if (connection == null) {
					connection = connect("broker", this.brokerUri,
							() -> this.brokerClient.connect(StringCodec.UTF8, this.brokerUri));
					this.broker = connection;
				}
			}
		}
		return connection;
	}

	/**
	 * The shared result backend connection, for non-blocking commands only.
	 * @return the connection
	 */
	public StatefulRedisConnection<String, String> backend() {
		if (this.brokerUri.equals(this.backendUri)) {
			return broker();
		}
		StatefulRedisConnection<String, String> connection = this.backend;
		if (connection == null) {
			synchronized (this) {
				connection = this.backend;
				if (connection == null) {
					connection = connect("result backend", this.backendUri,
							() -> this.backendClient.connect(StringCodec.UTF8, this.backendUri));
					this.backend = connection;
				}
			}
		}
		return connection;
	}

	/**
	 * A new broker connection of the caller's own, for blocking commands such as BRPOP.
	 * @return the connection; the caller closes it
	 */
	public StatefulRedisConnection<String, String> newBrokerConnection() {
		return connect("broker", this.brokerUri, () -> this.brokerClient.connect(StringCodec.UTF8, this.brokerUri));
	}

	/**
	 * A new pub/sub connection to the result backend.
	 * @return the connection; the caller closes it
	 */
	public StatefulRedisPubSubConnection<String, String> newBackendPubSub() {
		return connect("result backend", this.backendUri,
				() -> this.backendClient.connectPubSub(StringCodec.UTF8, this.backendUri));
	}

	/**
	 * A new pub/sub connection to the broker (remote control, events).
	 * @return the connection; the caller closes it
	 */
	public StatefulRedisPubSubConnection<String, String> newBrokerPubSub() {
		return connect("broker", this.brokerUri,
				() -> this.brokerClient.connectPubSub(StringCodec.UTF8, this.brokerUri));
	}

	/**
	 * The broker's database number, which prefixes fanout channels.
	 * @return the db
	 */
	public int brokerDatabase() {
		return this.brokerUri.getDatabase();
	}

	/**
	 * The broker URI.
	 * @return the URI
	 */
	public RedisURI brokerUri() {
		return this.brokerUri;
	}

	/**
	 * The result backend URI.
	 * @return the URI
	 */
	public RedisURI backendUri() {
		return this.backendUri;
	}

	@Override
	public void close() {
		StatefulRedisConnection<String, String> b = this.broker;
		if (b != null) {
			b.close();
		}
		StatefulRedisConnection<String, String> r = this.backend;
		if (r != null) {
			r.close();
		}
		this.brokerClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		if (this.backendClient != this.brokerClient) {
			this.backendClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
		this.resources.shutdown(0, 2, TimeUnit.SECONDS);
		this.timer.stop();
	}

}
