package io.celeryapi.autoconfigure;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import io.lettuce.core.SslVerifyMode;

import io.celeryapi.annotation.CeleryTask;
import io.celeryapi.core.AsyncResult;
import io.celeryapi.core.CeleryOperations;
import io.celeryapi.core.CeleryTemplate;
import io.celeryapi.internal.redis.RedisConnections;
import io.celeryapi.test.RedisServer;
import io.celeryapi.test.RedisServerExtension;
import io.celeryapi.worker.CeleryWorker;
import io.celeryapi.worker.TaskRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * The auto-configuration: which beans there are, when they back off, and which Redis
 * server they talk to.
 */
@ExtendWith(RedisServerExtension.class)
class CeleryAutoConfigurationTests {

	/** Nothing listens there: contexts without tasks never connect, and must not. */
	private static final int DEAD_PORT = deadPort();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CeleryAutoConfiguration.class, CeleryWorkerAutoConfiguration.class))
		.withPropertyValues("celery.broker-url=redis://127.0.0.1:" + DEAD_PORT + "/0");

	@Test
	void providesTheTemplateTheRegistryAndTheWorker() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(CeleryOperations.class);
			assertThat(context.getBean(CeleryOperations.class)).isInstanceOf(CeleryTemplate.class);
			assertThat(context).hasSingleBean(TaskRegistry.class);
			assertThat(context).hasSingleBean(CeleryWorker.class);
			assertThat(context).hasSingleBean(RedisConnections.class);
		});
	}

	@Test
	void userDefinedOperationsBackOffTheTemplate() {
		this.runner.withUserConfiguration(CustomOperations.class).run((context) -> {
			assertThat(context).hasSingleBean(CeleryOperations.class);
			assertThat(context).doesNotHaveBean(CeleryTemplate.class);
			assertThat(context.getBean(CeleryOperations.class)).isSameAs(context.getBean("customOperations"));
		});
	}

	@Test
	void workerCanBeDisabled() {
		this.runner.withPropertyValues("celery.worker.enabled=false")
			.withUserConfiguration(EchoTask.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(CeleryWorker.class);
				assertThat(context).doesNotHaveBean(TaskRegistry.class);
				assertThat(context).hasSingleBean(CeleryOperations.class);
			});
	}

	@Test
	void workerWithoutTasksDoesNotStart() {
		this.runner.run((context) -> {
			CeleryWorker worker = context.getBean(CeleryWorker.class);
			assertThat(context.getBean(TaskRegistry.class).isEmpty()).isTrue();
			assertThat(worker.isAutoStartup()).isFalse();
			assertThat(worker.isRunning()).isFalse();
		});
	}

	@Test
	void workerWithTasksStartsAndUsesTheDatabaseOfTheUrl(RedisServer redis) {
		this.runner
			.withPropertyValues("celery.broker-url=" + redis.url(3), "celery.worker.queues=it.autoconfig.db",
					"celery.template.default-queue=it.autoconfig.db", "celery.worker.concurrency=2")
			.withUserConfiguration(EchoTask.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				RedisConnections connections = context.getBean(RedisConnections.class);
				assertThat(connections.brokerDatabase()).isEqualTo(3);
				assertThat(connections.backendUri()).isEqualTo(connections.brokerUri());
				CeleryWorker worker = context.getBean(CeleryWorker.class);
				assertThat(worker.isAutoStartup()).isTrue();
				assertThat(worker.isRunning()).isTrue();
				AsyncResult<Object> result = context.getBean(CeleryOperations.class)
					.sendTask("it.autoconfig.echo", "db3");
				assertThat(result.get(Duration.ofSeconds(10))).isEqualTo("db3");
				// the result is stored in database 3, and not in database 0
				String key = "celery-task-meta-" + result.id();
				assertThat(existsIn(redis, 3, key)).isEqualTo("1");
				assertThat(existsIn(redis, 0, key)).isEqualTo("0");
			});
	}

	@Test
	void databaseNumberComesFromTheUrlPath() {
		this.runner.withPropertyValues("celery.broker-url=redis://127.0.0.1:" + DEAD_PORT + "/7").run((context) -> {
			RedisConnections connections = context.getBean(RedisConnections.class);
			assertThat(connections.brokerDatabase()).isEqualTo(7);
			assertThat(connections.brokerUri().getDatabase()).isEqualTo(7);
			assertThat(connections.brokerUri().getPort()).isEqualTo(DEAD_PORT);
		});
	}

	@Test
	void resultBackendDefaultsToTheBroker() {
		this.runner.withPropertyValues("celery.broker-url=redis://127.0.0.1:" + DEAD_PORT + "/2").run((context) -> {
			RedisConnections connections = context.getBean(RedisConnections.class);
			assertThat(connections.backendUri()).isSameAs(connections.brokerUri());
			assertThat(connections.backendUri().getDatabase()).isEqualTo(2);
		});
	}

	@Test
	void resultBackendCanBeAnotherDatabase() {
		this.runner.withPropertyValues("celery.result-backend=redis://127.0.0.1:" + DEAD_PORT + "/1").run((context) -> {
			RedisConnections connections = context.getBean(RedisConnections.class);
			assertThat(connections.brokerUri().getDatabase()).isZero();
			assertThat(connections.backendUri().getDatabase()).isEqualTo(1);
			assertThat(connections.backendUri().getPort()).isEqualTo(DEAD_PORT);
		});
	}

	@Test
	void withoutABrokerUrlSpringDataRedisIsUsed() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, CeleryAutoConfiguration.class,
					CeleryWorkerAutoConfiguration.class))
			.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + DEAD_PORT,
					"spring.data.redis.database=4", "spring.data.redis.password=pw")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				RedisConnections connections = context.getBean(RedisConnections.class);
				assertThat(connections.brokerUri().getHost()).isEqualTo("127.0.0.1");
				assertThat(connections.brokerUri().getPort()).isEqualTo(DEAD_PORT);
				assertThat(connections.brokerDatabase()).isEqualTo(4);
				assertThat(connections.brokerUri().isSsl()).isFalse();
				assertThat(connections.brokerUri().getCredentialsProvider()
					.resolveCredentials()
					.block(Duration.ofSeconds(1))
					.getPassword()).containsExactly('p', 'w');
			});
	}

	@Test
	void redisClusterIsRefused() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, CeleryAutoConfiguration.class))
			.withPropertyValues("spring.data.redis.cluster.nodes=127.0.0.1:" + DEAD_PORT)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("Redis Cluster")
				.hasMessageContaining("celery.broker-url"));
	}

	@Test
	void sslCertReqsNoneSkipsVerification() {
		this.runner.withPropertyValues("celery.broker-url=rediss://127.0.0.1:" + DEAD_PORT + "/0?ssl_cert_reqs=CERT_NONE")
			.run((context) -> {
				RedisConnections connections = context.getBean(RedisConnections.class);
				assertThat(connections.brokerUri().isSsl()).isTrue();
				assertThat(connections.brokerUri().getVerifyMode()).isEqualTo(SslVerifyMode.NONE);
			});
		this.runner.withPropertyValues("celery.broker-url=rediss://127.0.0.1:" + DEAD_PORT + "/0?ssl_cert_reqs=required")
			.run((context) -> assertThat(context.getBean(RedisConnections.class).brokerUri().getVerifyMode())
				.isEqualTo(SslVerifyMode.FULL));
	}

	@Test
	void invalidSslCertReqsFails() {
		this.runner.withPropertyValues("celery.broker-url=rediss://:pw@127.0.0.1:" + DEAD_PORT + "/0?ssl_cert_reqs=maybe")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("Invalid ssl_cert_reqs 'maybe'")
				.hasMessageNotContaining("pw@"));
	}

	@Test
	void missingCaFileFails() {
		this.runner.withPropertyValues("celery.broker.ssl-ca-file=file:/nonexistent/celery-ca.pem")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("celery.broker.ssl-ca-file")
				.hasMessageContaining("does not exist"));
		this.runner
			.withPropertyValues("celery.broker-url=rediss://127.0.0.1:" + DEAD_PORT + "/0?ssl_ca_certs=/nonexistent/ca.pem")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("ssl_ca_certs")
				.hasMessageContaining("does not exist"));
	}

	@Test
	void sslBundleAndCaFileAreExclusive() {
		this.runner.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
			.withPropertyValues("celery.broker.ssl-bundle=celery", "celery.broker.ssl-ca-file=classpath:nothing.pem")
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining("not both"));
	}

	@Test
	void unknownSslBundleFails() {
		this.runner.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
			.withPropertyValues("celery.broker.ssl-bundle=missing")
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining("missing"));
	}

	private static String existsIn(RedisServer redis, int db, String key) {
		return redis.command("EVAL", "redis.call('SELECT', ARGV[1]) return redis.call('EXISTS', KEYS[1])", "1", key,
				Integer.toString(db));
	}

	private static int deadPort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomOperations {

		@Bean
		CeleryOperations customOperations() {
			return mock(CeleryOperations.class);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class EchoTask {

		@Bean
		Echo echo() {
			return new Echo();
		}

	}

	static class Echo {

		@CeleryTask("it.autoconfig.echo")
		String echo(String text) {
			return text;
		}

	}

}
