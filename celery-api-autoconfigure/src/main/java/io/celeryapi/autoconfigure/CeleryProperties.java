package io.celeryapi.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties for celery-api, under {@code celery}.
 *
 * @author celery-api
 * @since 0.1.0
 */
@ConfigurationProperties("celery")
public class CeleryProperties {

	/**
	 * Broker URL: redis://[user][:password]@host:port/db, rediss:// for TLS, or
	 * sentinel://host:port;sentinel://host2:port with broker.sentinel-master. A rediss://
	 * URL may end with Celery's ?ssl_cert_reqs=none to skip verifying the server's
	 * certificate, or ?ssl_ca_certs=/path/ca.pem to trust a certificate authority. When
	 * unset, the connection of Spring Boot's RedisConnectionFactory (spring.data.redis.*) is
	 * used.
	 */
	private @Nullable String brokerUrl;

	/**
	 * Result backend URL, in the same form as the broker URL. Defaults to the broker.
	 */
	private @Nullable String resultBackend;

	/**
	 * How long results are kept. Zero keeps them forever.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration resultExpires = Duration.ofDays(1);

	/**
	 * Whether results also store the task name, args, kwargs, worker, retries and queue
	 * (Celery's result_extended).
	 */
	private boolean resultExtended;

	private final Broker broker = new Broker();

	private final Worker worker = new Worker();

	private final Template template = new Template();

	private final Client client = new Client();

	public @Nullable String getBrokerUrl() {
		return this.brokerUrl;
	}

	public void setBrokerUrl(@Nullable String brokerUrl) {
		this.brokerUrl = brokerUrl;
	}

	public @Nullable String getResultBackend() {
		return this.resultBackend;
	}

	public void setResultBackend(@Nullable String resultBackend) {
		this.resultBackend = resultBackend;
	}

	public Duration getResultExpires() {
		return this.resultExpires;
	}

	public void setResultExpires(Duration resultExpires) {
		this.resultExpires = resultExpires;
	}

	public boolean isResultExtended() {
		return this.resultExtended;
	}

	public void setResultExtended(boolean resultExtended) {
		this.resultExtended = resultExtended;
	}

	public Broker getBroker() {
		return this.broker;
	}

	public Worker getWorker() {
		return this.worker;
	}

	public Template getTemplate() {
		return this.template;
	}

	public Client getClient() {
		return this.client;
	}

	/**
	 * Broker transport settings.
	 */
	public static class Broker {

		/**
		 * How long a message may stay unacknowledged before any worker puts it back in its
		 * queue (kombu's visibility_timeout).
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration visibilityTimeout = Duration.ofHours(1);

		/**
		 * How often a worker looks for messages unacknowledged for longer than the
		 * visibility timeout.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration restoreInterval = Duration.ofSeconds(100);

		/**
		 * Name of the Sentinel master, for sentinel:// URLs.
		 */
		private @Nullable String sentinelMaster;

		/**
		 * PEM file of the certificate authorities that rediss:// broker and result backend
		 * servers are verified with, instead of the JVM's trust store (Celery's
		 * ssl_ca_certs): a file path, or a classpath: or file: location. Use ssl-bundle
		 * instead for client certificates.
		 */
		private @Nullable String sslCaFile;

		/**
		 * Name of a Spring Boot SSL bundle (spring.ssl.bundle.*) for rediss:// broker and
		 * result backend connections: its trust store verifies the server and its key
		 * store, if any, is the client certificate.
		 */
		private @Nullable String sslBundle;

		public Duration getVisibilityTimeout() {
			return this.visibilityTimeout;
		}

		public void setVisibilityTimeout(Duration visibilityTimeout) {
			this.visibilityTimeout = visibilityTimeout;
		}

		public Duration getRestoreInterval() {
			return this.restoreInterval;
		}

		public void setRestoreInterval(Duration restoreInterval) {
			this.restoreInterval = restoreInterval;
		}

		public @Nullable String getSentinelMaster() {
			return this.sentinelMaster;
		}

		public void setSentinelMaster(@Nullable String sentinelMaster) {
			this.sentinelMaster = sentinelMaster;
		}

		public @Nullable String getSslCaFile() {
			return this.sslCaFile;
		}

		public void setSslCaFile(@Nullable String sslCaFile) {
			this.sslCaFile = sslCaFile;
		}

		public @Nullable String getSslBundle() {
			return this.sslBundle;
		}

		public void setSslBundle(@Nullable String sslBundle) {
			this.sslBundle = sslBundle;
		}

	}

	/**
	 * Worker settings. The worker runs when the application has @CeleryTask methods.
	 */
	public static class Worker {

		/**
		 * Whether to serve this application's @CeleryTask methods.
		 */
		private boolean enabled = true;

		/**
		 * Queues to consume, in order.
		 */
		private List<String> queues = new ArrayList<>(List.of("celery"));

		/**
		 * How many tasks run at once. Defaults to the number of processors.
		 */
		private @Nullable Integer concurrency;

		/**
		 * How many messages per concurrency slot may be taken ahead of running them.
		 */
		private int prefetchMultiplier = 4;

		/**
		 * Whether tasks acknowledge after they finished (at least once) instead of when
		 * they start. A @CeleryTask can override it.
		 */
		private boolean acksLate;

		/**
		 * Whether to store a STARTED state when a task starts.
		 */
		private boolean trackStarted;

		/**
		 * How long running tasks may take to finish at shutdown.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration shutdownTimeout = Duration.ofSeconds(30);

		/**
		 * Largest message accepted; larger ones are dead-lettered.
		 */
		private DataSize maxMessageSize = DataSize.ofMegabytes(16);

		/**
		 * Node name, with Celery's placeholders %h (host name), %n (short host name) and %d
		 * (domain).
		 */
		private String hostname = "celery@%h";

		/**
		 * Redis list where rejected messages are kept whole, with the reason.
		 */
		private String deadLetterKey = "celery-api.dead-letter";

		/**
		 * Whether 'celery control shutdown' may stop this application. When false the
		 * request is answered with an error.
		 */
		private boolean remoteShutdown;

		/**
		 * Whether to send task events (task-received, task-started, ...) from the start, as
		 * 'celery worker -E'. Monitors can also switch them on with 'enable_events'.
		 */
		private boolean sendEvents;

		/**
		 * Default hard time limit of tasks: past it a task is abandoned and fails with
		 * TimeLimitExceeded. Zero for none.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration timeLimit = Duration.ZERO;

		/**
		 * Default soft time limit of tasks: past it the task's thread is interrupted so that
		 * it can clean up. Zero for none.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration softTimeLimit = Duration.ZERO;

		/**
		 * How long revoked task ids are kept in Redis, so that they survive worker restarts.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration revokedExpires = Duration.ofHours(3);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public List<String> getQueues() {
			return this.queues;
		}

		public void setQueues(List<String> queues) {
			this.queues = queues;
		}

		public @Nullable Integer getConcurrency() {
			return this.concurrency;
		}

		public void setConcurrency(@Nullable Integer concurrency) {
			this.concurrency = concurrency;
		}

		public int getPrefetchMultiplier() {
			return this.prefetchMultiplier;
		}

		public void setPrefetchMultiplier(int prefetchMultiplier) {
			this.prefetchMultiplier = prefetchMultiplier;
		}

		public boolean isAcksLate() {
			return this.acksLate;
		}

		public void setAcksLate(boolean acksLate) {
			this.acksLate = acksLate;
		}

		public boolean isTrackStarted() {
			return this.trackStarted;
		}

		public void setTrackStarted(boolean trackStarted) {
			this.trackStarted = trackStarted;
		}

		public Duration getShutdownTimeout() {
			return this.shutdownTimeout;
		}

		public void setShutdownTimeout(Duration shutdownTimeout) {
			this.shutdownTimeout = shutdownTimeout;
		}

		public DataSize getMaxMessageSize() {
			return this.maxMessageSize;
		}

		public void setMaxMessageSize(DataSize maxMessageSize) {
			this.maxMessageSize = maxMessageSize;
		}

		public String getHostname() {
			return this.hostname;
		}

		public void setHostname(String hostname) {
			this.hostname = hostname;
		}

		public boolean isRemoteShutdown() {
			return this.remoteShutdown;
		}

		public void setRemoteShutdown(boolean remoteShutdown) {
			this.remoteShutdown = remoteShutdown;
		}

		public Duration getTimeLimit() {
			return this.timeLimit;
		}

		public void setTimeLimit(Duration timeLimit) {
			this.timeLimit = timeLimit;
		}

		public Duration getSoftTimeLimit() {
			return this.softTimeLimit;
		}

		public void setSoftTimeLimit(Duration softTimeLimit) {
			this.softTimeLimit = softTimeLimit;
		}

		public Duration getRevokedExpires() {
			return this.revokedExpires;
		}

		public void setRevokedExpires(Duration revokedExpires) {
			this.revokedExpires = revokedExpires;
		}

		public boolean isSendEvents() {
			return this.sendEvents;
		}

		public void setSendEvents(boolean sendEvents) {
			this.sendEvents = sendEvents;
		}

		public String getDeadLetterKey() {
			return this.deadLetterKey;
		}

		public void setDeadLetterKey(String deadLetterKey) {
			this.deadLetterKey = deadLetterKey;
		}

	}

	/**
	 * Settings of the CeleryTemplate.
	 */
	public static class Template {

		/**
		 * Queue of calls that name none and match no route.
		 */
		private String defaultQueue = "celery";

		public String getDefaultQueue() {
			return this.defaultQueue;
		}

		public void setDefaultQueue(String defaultQueue) {
			this.defaultQueue = defaultQueue;
		}

	}

	/**
	 * Settings of the declarative clients. Each client also reads
	 * celery.client.&lt;name&gt;.* (queue, timeout, countdown, expires, priority,
	 * ignore-result, and methods.&lt;method&gt;.* for one method).
	 */
	public static class Client {

		/**
		 * Routes from task-name globs (accounts.*) to queues, for calls that name no queue;
		 * the first match wins.
		 */
		private Map<String, String> routes = new LinkedHashMap<>();

		/**
		 * How long a blocking client call waits for its result unless its client or method
		 * sets a timeout.
		 */
		private Duration defaultTimeout = Duration.ofSeconds(30);

		/**
		 * How calls that name no queue and match no route find one: 'static' sends them to
		 * the default queue, 'discovery' to a queue of a live worker that registered the
		 * task.
		 */
		private Routing routing = Routing.STATIC;

		/**
		 * How long discovered routes are used before the workers are asked again.
		 */
		private Duration discoveryTtl = Duration.ofSeconds(30);

		/**
		 * Whether every client task is checked against the live workers at startup: 'off',
		 * 'warn' (log the missing tasks) or 'fail' (refuse to start).
		 */
		private Verify verify = Verify.WARN;

		/**
		 * How long to wait for the workers' replies when checking or discovering.
		 */
		private Duration inspectTimeout = Duration.ofSeconds(1);

		public Map<String, String> getRoutes() {
			return this.routes;
		}

		public void setRoutes(Map<String, String> routes) {
			this.routes = routes;
		}

		public Duration getDefaultTimeout() {
			return this.defaultTimeout;
		}

		public Routing getRouting() {
			return this.routing;
		}

		public void setRouting(Routing routing) {
			this.routing = routing;
		}

		public Duration getDiscoveryTtl() {
			return this.discoveryTtl;
		}

		public void setDiscoveryTtl(Duration discoveryTtl) {
			this.discoveryTtl = discoveryTtl;
		}

		public Verify getVerify() {
			return this.verify;
		}

		public void setVerify(Verify verify) {
			this.verify = verify;
		}

		public Duration getInspectTimeout() {
			return this.inspectTimeout;
		}

		public void setInspectTimeout(Duration inspectTimeout) {
			this.inspectTimeout = inspectTimeout;
		}

		/**
		 * How calls without a queue are routed.
		 */
		public enum Routing {

			/** Routes, then the default queue. */
			STATIC,

			/** Routes, then a queue of a live worker that registered the task. */
			DISCOVERY

		}

		/**
		 * What the startup contract check does.
		 */
		public enum Verify {

			/** No check. */
			OFF,

			/** Log missing tasks. */
			WARN,

			/** Refuse to start when tasks are missing. */
			FAIL

		}

		public void setDefaultTimeout(Duration defaultTimeout) {
			this.defaultTimeout = defaultTimeout;
		}

	}

}
