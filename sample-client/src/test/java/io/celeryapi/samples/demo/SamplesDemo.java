package io.celeryapi.samples.demo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.celeryapi.samples.accounts.AccountsServiceApplication;
import io.celeryapi.samples.bank.BankApplication;
import io.celeryapi.test.RedisServer;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.util.StringUtils;

/**
 * Runs both samples in one JVM to try them out:
 * {@code mvn -q install -DskipTests && mvn -q -pl sample-client spring-boot:test-run}. It
 * starts a Redis server on a free port ({@link RedisServer}; never 6379) unless
 * {@code celery.broker-url} is given (as {@code --celery.broker-url=...}, a system property
 * or {@code CELERY_BROKER_URL}), then the accounts service (no web server) and the bank's
 * web API (port 8080, or {@code --server.port}), both on that broker, and prints curl
 * commands to try. Ctrl+C stops all of it.
 *
 * <p>Both applications share this JVM's class path, where the bank's
 * {@code application.yml} hides the service's; the service's settings are therefore
 * passed here.
 *
 * @author celery-api
 * @since 0.1.0
 */
public final class SamplesDemo {

	private static final String BROKER_URL = "celery.broker-url";

	private SamplesDemo() {
	}

	/**
	 * Starts Redis (if needed), the accounts service and the bank.
	 * @param args Spring Boot arguments for both applications, for example
	 * {@code --server.port=9090} or {@code --celery.broker-url=redis://host:6379/0}
	 */
	public static void main(String[] args) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
		String brokerUrl = environment.getProperty(BROKER_URL);
		Demo demo = new Demo();
		Runtime.getRuntime().addShutdownHook(new Thread(demo::stop, "samples-demo-stop"));
		try {
			if (!StringUtils.hasText(brokerUrl)) {
				demo.redis = RedisServer.start();
				brokerUrl = demo.redis.url(0);
			}
			String[] arguments = withBroker(args, brokerUrl);
			demo.service = new SpringApplicationBuilder(AccountsServiceApplication.class)
				.web(WebApplicationType.NONE)
				.bannerMode(Banner.Mode.OFF)
				.registerShutdownHook(false)
				.properties("spring.application.name=accounts-service", "celery.worker.queues=accounts",
						"celery.worker.hostname=accounts@%h")
				.run(arguments);
			demo.bank = new SpringApplicationBuilder(BankApplication.class).registerShutdownHook(false)
				.run(arguments);
		}
		catch (RuntimeException ex) {
			demo.stop();
			throw ex;
		}
		String port = demo.bank.getEnvironment().getProperty("local.server.port");
		System.out.println(Instructions.text("http://localhost:" + port, brokerUrl, demo.redis != null));
	}

	private static String[] withBroker(String[] args, String brokerUrl) {
		List<String> arguments = new ArrayList<>(Arrays.asList(args));
		arguments.removeIf((argument) -> argument.startsWith("--" + BROKER_URL + "="));
		arguments.add("--" + BROKER_URL + "=" + brokerUrl);
		return arguments.toArray(String[]::new);
	}

	/**
	 * What the demo started, stopped in reverse order.
	 */
	private static final class Demo {

		private volatile RedisServer redis;

		private volatile ConfigurableApplicationContext service;

		private volatile ConfigurableApplicationContext bank;

		synchronized void stop() {
			if (this.bank != null) {
				this.bank.close();
			}
			if (this.service != null) {
				this.service.close();
			}
			if (this.redis != null) {
				this.redis.close();
			}
		}

	}

}
