package io.celeryapi.autoconfigure;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.celeryapi.annotation.CeleryTask;
import io.celeryapi.core.AsyncResult;
import io.celeryapi.core.CeleryOperations;
import io.celeryapi.test.RedisSentinel;
import io.celeryapi.test.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The "Connections" part of the spec, end to end against real servers started here: a
 * worker and a client in one application send a task and get its result over TLS, with a
 * password or an ACL user, through Sentinel, and over Spring Boot's own Redis connection.
 */
class ConnectionsIntegrationTests {

	private static final AtomicInteger queues = new AtomicInteger();

	/**
	 * Starts an application with an echo task, calls it through CeleryOperations and
	 * returns the result.
	 */
	static Object echo(String... properties) {
		try (ConfigurableApplicationContext context = start(properties)) {
			AsyncResult<Object> result = context.getBean(CeleryOperations.class).sendTask("it.conn.echo", "x");
			return result.get(Duration.ofSeconds(10));
		}
	}

	static ConfigurableApplicationContext start(String... properties) {
		String queue = "it.conn." + queues.incrementAndGet();
		List<String> all = new ArrayList<>(List.of(properties));
		all.add("celery.worker.queues=" + queue);
		all.add("celery.template.default-queue=" + queue);
		all.add("celery.worker.concurrency=2");
		return new SpringApplicationBuilder(Config.class).web(WebApplicationType.NONE)
			.properties(all.toArray(String[]::new))
			.run();
	}

	static int deadPort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Nested
	class Tls {

		static RedisServer redis;

		@BeforeAll
		static void startRedis() {
			RedisServer.assumeTlsAvailable();
			redis = RedisServer.startTls();
		}

		@AfterAll
		static void stopRedis() {
			if (redis != null) {
				redis.close();
			}
		}

		@Test
		void trustsTheCaOfSslCaFile() {
			assertThat(redis.tlsUrl()).startsWith("rediss://");
			// a plain path is a file, as in Celery's ssl_ca_certs
			assertThat(echo("celery.broker-url=" + redis.tlsUrl(), "celery.broker.ssl-ca-file=" + redis.caCertificate()))
				.isEqualTo("x");
		}

		@Test
		void trustsTheCaOfTheUrlsSslCaCertsWithASeparateResultBackend() {
			String query = "?ssl_cert_reqs=required&ssl_ca_certs=" + redis.caCertificate();
			assertThat(echo("celery.broker-url=" + redis.tlsUrl(0) + query,
					"celery.result-backend=" + redis.tlsUrl(1) + query))
				.isEqualTo("x");
		}

		@Test
		void trustsTheCaOfAnSslBundle() {
			assertThat(echo("celery.broker-url=" + redis.tlsUrl(),
					"spring.ssl.bundle.pem.celery-ca.truststore.certificate=file:" + redis.caCertificate(),
					"celery.broker.ssl-bundle=celery-ca"))
				.isEqualTo("x");
		}

		@Test
		void sslCertReqsNoneSkipsVerification() {
			assertThat(echo("celery.broker-url=" + redis.tlsUrl() + "?ssl_cert_reqs=none")).isEqualTo("x");
		}

		@Test
		void springDataRedisTlsIsUsedWithoutABrokerUrl() {
			assertThat(echo("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
					"spring.data.redis.ssl.enabled=true", "spring.data.redis.ssl.bundle=redis-ca",
					"spring.ssl.bundle.pem.redis-ca.truststore.certificate=file:" + redis.caCertificate()))
				.isEqualTo("x");
		}

		@Test
		void anUntrustedServerFailsClearly() {
			assertThatException().isThrownBy(() -> echo("celery.broker-url=" + redis.tlsUrl()))
				.withStackTraceContaining("Could not connect to the Celery broker at rediss://127.0.0.1:" + redis.port())
				.withStackTraceContaining("certification path")
				.withStackTraceContaining("celery.broker.ssl-ca-file");
		}

	}

	@Nested
	class Authentication {

		static RedisServer redis;

		@BeforeAll
		static void startRedis() {
			redis = RedisServer.builder().requirePass("secret").user("alice", "wonderland").start();
		}

		@AfterAll
		static void stopRedis() {
			if (redis != null) {
				redis.close();
			}
		}

		@Test
		void password() {
			assertThat(echo("celery.broker-url=redis://:secret@127.0.0.1:" + redis.port() + "/0")).isEqualTo("x");
		}

		@Test
		void aclUser() {
			assertThat(echo("celery.broker-url=" + redis.url("alice", "wonderland", 0))).isEqualTo("x");
		}

		@Test
		void springDataRedisCredentialsAreUsedWithoutABrokerUrl() {
			assertThat(echo("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
					"spring.data.redis.username=alice", "spring.data.redis.password=wonderland"))
				.isEqualTo("x");
		}

		@Test
		void aWrongPasswordFailsClearly() {
			assertThatException()
				.isThrownBy(() -> echo("celery.broker-url=redis://alice:wrong@127.0.0.1:" + redis.port() + "/0"))
				.withStackTraceContaining("Could not connect to the Celery broker at redis://127.0.0.1:" + redis.port())
				.withStackTraceContaining("WRONGPASS")
				.satisfies((ex) -> assertThat(stackTrace(ex)).doesNotContain("alice:wrong"));
		}

		@Test
		void noPasswordFailsClearly() {
			assertThatException().isThrownBy(() -> echo("celery.broker-url=" + redis.url(0)))
				.withStackTraceContaining("Could not connect to the Celery broker")
				.withStackTraceContaining("NOAUTH");
		}

	}

	@Nested
	class Sentinel {

		static RedisSentinel sentinel;

		@BeforeAll
		static void startSentinel() {
			sentinel = RedisSentinel.start();
		}

		@AfterAll
		static void stopSentinel() {
			if (sentinel != null) {
				sentinel.close();
			}
		}

		@Test
		void celerySentinelUrl() {
			assertThat(sentinel.url()).isEqualTo("sentinel://127.0.0.1:" + sentinel.port());
			assertThat(echo("celery.broker-url=" + sentinel.url(), "celery.broker.sentinel-master=mymaster"))
				.isEqualTo("x");
		}

		@Test
		void springDataRedisSentinelIsUsedWithoutABrokerUrlSkippingAnUnreachableSentinel() {
			assertThat(echo("spring.data.redis.sentinel.master=mymaster",
					"spring.data.redis.sentinel.nodes=127.0.0.1:" + deadPort() + ",127.0.0.1:" + sentinel.port()))
				.isEqualTo("x");
		}

		@Test
		void anUnknownMasterFailsClearly() {
			int dead = deadPort();
			assertThatException()
				.isThrownBy(() -> echo("celery.broker-url=sentinel://127.0.0.1:" + dead + ";" + sentinel.url(),
						"celery.broker.sentinel-master=nobody"))
				.withStackTraceContaining("Could not connect to the Celery broker at master 'nobody' of sentinels 127.0.0.1:"
						+ dead + " 127.0.0.1:" + sentinel.port());
		}

	}

	@Nested
	class SpringDataRedis {

		static RedisServer redis;

		@BeforeAll
		static void startRedis() {
			redis = RedisServer.start();
		}

		@AfterAll
		static void stopRedis() {
			if (redis != null) {
				redis.close();
			}
		}

		@Test
		void itsConnectionIsUsedWithoutABrokerUrl() {
			try (ConfigurableApplicationContext context = start("spring.data.redis.host=127.0.0.1",
					"spring.data.redis.port=" + redis.port(), "spring.data.redis.database=2")) {
				AsyncResult<Object> result = context.getBean(CeleryOperations.class).sendTask("it.conn.echo", "y");
				assertThat(result.get(Duration.ofSeconds(10))).isEqualTo("y");
				String key = "celery-task-meta-" + result.id();
				assertThat(redis.command("EVAL", "redis.call('SELECT', 2) return redis.call('EXISTS', KEYS[1])", "1",
						key))
					.isEqualTo("1");
			}
		}

	}

	private static String stackTrace(Throwable ex) {
		java.io.StringWriter text = new java.io.StringWriter();
		ex.printStackTrace(new java.io.PrintWriter(text));
		return text.toString();
	}

	static class Echo {

		@CeleryTask("it.conn.echo")
		String echo(String text) {
			return text;
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Config {

		@Bean
		Echo echo() {
			return new Echo();
		}

	}

}
