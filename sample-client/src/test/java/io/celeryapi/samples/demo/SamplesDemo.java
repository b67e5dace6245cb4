package io.celeryapi.samples.demo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.celeryapi.samples.accounts.AccountsServiceApplication;
import io.celeryapi.samples.bank.BankApplication;
import io.celeryapi.test.RedisServer;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.env.MapPropertySource;
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
 * {@code application.yml} hides the service's; the service's own settings are therefore
 * given here, above the application.yml files and below the command line arguments.
 *
 * @author celery-api
 * @since 0.1.0
 */
public final class SamplesDemo {

	private static final String BROKER_URL = "celery.broker-url";

	private static final Map<String, Object> SERVICE_SETTINGS = Map.of("spring.application.name", "accounts-service",
			"celery.worker.queues", "accounts", "celery.worker.hostname", "accounts@%h");

	/** Logging is set up once per JVM, so it cannot tell the two applications' names. */
	private static final String ONE_JVM_SETTINGS = "logging.include-application-name=false";

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
		RunningSamples samples = new RunningSamples();
		Runtime.getRuntime().addShutdownHook(new Thread(samples::stopOrHalt, "samples-demo-stop"));
		try {
			if (!StringUtils.hasText(brokerUrl)) {
				samples.redis(RedisServer.start());
				brokerUrl = samples.redis().url(0);
			}
			String[] arguments = withBroker(args, brokerUrl);
			samples.service(new SpringApplicationBuilder(AccountsServiceApplication.class)
				.main(AccountsServiceApplication.class)
				.web(WebApplicationType.NONE)
				.bannerMode(Banner.Mode.OFF)
				.registerShutdownHook(false)
				.properties(ONE_JVM_SETTINGS)
				.environment(serviceEnvironment())
				.run(arguments));
			samples.bank(new SpringApplicationBuilder(BankApplication.class).main(BankApplication.class)
				.registerShutdownHook(false)
				.properties(ONE_JVM_SETTINGS)
				.run(arguments));
		}
		catch (RuntimeException ex) {
			samples.stop();
			throw ex;
		}
		String port = samples.bank().getEnvironment().getProperty("local.server.port");
		System.out.println(Instructions.text("http://localhost:" + port, brokerUrl, samples.redis() != null));
	}

	private static String[] withBroker(String[] args, String brokerUrl) {
		List<String> arguments = new ArrayList<>(Arrays.asList(args));
		arguments.removeIf((argument) -> argument.startsWith("--" + BROKER_URL + "="));
		arguments.add("--" + BROKER_URL + "=" + brokerUrl);
		return arguments.toArray(String[]::new);
	}

	private static StandardEnvironment serviceEnvironment() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("accountsServiceSettings", SERVICE_SETTINGS));
		return environment;
	}

}
