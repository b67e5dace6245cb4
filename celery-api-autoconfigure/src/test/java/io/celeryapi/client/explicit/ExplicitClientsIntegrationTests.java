package io.celeryapi.client.explicit;

import io.celeryapi.annotation.CeleryClient;
import io.celeryapi.annotation.CeleryTask;
import io.celeryapi.annotation.EnableCeleryClients;
import io.celeryapi.client.ExplicitlyListedClient;
import io.celeryapi.test.RedisServer;
import io.celeryapi.test.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @EnableCeleryClients(clients = ...)} registers an interface from outside the
 * application's packages, and turns the scanning of those packages off.
 */
@SpringBootTest(classes = ExplicitClientsIntegrationTests.Config.class)
@ExtendWith(RedisServerExtension.class)
@DirtiesContext
class ExplicitClientsIntegrationTests {

	static final String QUEUE = "it.client.explicit";

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		RedisServer redis = RedisServerExtension.shared();
		registry.add("celery.broker-url", () -> redis.url(0));
		registry.add("celery.worker.queues", () -> QUEUE);
	}

	@Autowired
	ExplicitlyListedClient client;

	@Autowired
	ApplicationContext context;

	@Test
	void listedInterfaceIsABeanThatCallsItsTask() {
		assertThat(this.client.echo("hi")).isEqualTo("echo hi");
	}

	@Test
	void interfacesOfTheApplicationPackagesAreNotScanned() {
		assertThat(this.context.getBeanNamesForType(NotListed.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(ExplicitlyListedClient.class)).hasSize(1);
	}

	/** In the application's package, but not listed: no bean. */
	@CeleryClient(name = "notListed", queue = QUEUE)
	interface NotListed {

		String echo(String text);

	}

	static class Tasks {

		@CeleryTask("explicit.echo")
		String echo(String text) {
			return "echo " + text;
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableCeleryClients(clients = ExplicitlyListedClient.class)
	static class Config {

		@Bean
		Tasks tasks() {
			return new Tasks();
		}

	}

}
