package io.celeryapi.internal.client;

import io.celeryapi.annotation.CeleryClient;
import io.celeryapi.annotation.EnableCeleryClients;
import io.celeryapi.autoconfigure.CeleryAutoConfiguration;
import io.celeryapi.autoconfigure.CeleryClientAutoConfiguration;
import io.celeryapi.client.CeleryClientFactory;
import io.celeryapi.core.Signature;
import io.celeryapi.internal.client.scan.ScannedClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client beans in an application context without a broker (connections are opened
 * lazily): {@link EnableCeleryClients} chooses them, and a broken interface stops the
 * context from starting, naming the interface and the method.
 */
class ClientStartupContextTests {

	final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(CeleryAutoConfiguration.class, CeleryClientAutoConfiguration.class))
		.withPropertyValues("celery.broker-url=redis://127.0.0.1:1/0", "celery.client.chosen.queue=from-properties");

	@CeleryClient(name = "chosen")
	interface Chosen {

		Signature<String> hello(String name);

	}

	@CeleryClient(name = "broken")
	interface Broken {

		String open(String owner);

		String open(String owner, long cents);

	}

	@Configuration(proxyBeanMethods = false)
	@EnableCeleryClients(clients = Chosen.class)
	static class ChosenConfig {

	}

	/** Named by default {@code billingService}: camel case, no valid property name. */
	@CeleryClient
	interface BillingService {

		Signature<String> charge(long cents);

		Signature<String> refund(long cents);

	}

	@CeleryClient(name = "ledger_v2")
	interface LedgerV2 {

		Signature<String> post(String entry);

	}

	@Configuration(proxyBeanMethods = false)
	@EnableCeleryClients(clients = { BillingService.class, LedgerV2.class })
	static class CamelCaseConfig {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableCeleryClients(clients = Broken.class)
	static class BrokenConfig {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableCeleryClients(basePackages = "io.celeryapi.internal.client.scan")
	static class ScanningConfig {

	}

	@Test
	void listedClientBecomesABeanWithItsProperties() {
		this.runner.withUserConfiguration(ChosenConfig.class).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(Chosen.class).hasSingleBean(CeleryClientFactory.class);
			Signature<String> hello = context.getBean(Chosen.class).hello("ann");
			assertThat(hello.getTask()).isEqualTo("chosen.hello");
			assertThat(hello.getOptions().getQueue()).isEqualTo("from-properties");
			assertThat(context).doesNotHaveBean(ScannedClient.class);
		});
	}

	@Test
	void basePackagesAreScanned() {
		this.runner.withUserConfiguration(ScanningConfig.class).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(ScannedClient.class).doesNotHaveBean(Chosen.class);
			assertThat(context.getBean(ScannedClient.class).hello("ann").getTask()).isEqualTo("scanned.hello");
		});
	}

	@Test
	void camelCaseClientNameBindsPropertiesInKebabCase() {
		this.runner.withUserConfiguration(CamelCaseConfig.class)
			.withPropertyValues("celery.client.billing-service.queue=billing",
					"celery.client.billing-service.methods.refund.priority=2")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				BillingService billing = context.getBean(BillingService.class);
				assertThat(billing.charge(1).getTask()).isEqualTo("billingService.charge");
				assertThat(billing.charge(1).getOptions().getQueue()).isEqualTo("billing");
				assertThat(billing.refund(1).getOptions().getPriority()).isEqualTo(2);
			});
	}

	@Test
	void camelCaseClientNameBindsPropertiesInCamelCase() {
		this.runner.withUserConfiguration(CamelCaseConfig.class)
			.withPropertyValues("celery.client.billingService.queue=billing")
			.run((context) -> assertThat(context.getBean(BillingService.class).charge(1).getOptions().getQueue())
				.isEqualTo("billing"));
	}

	@Test
	void clientNameWithAnUnderscore() {
		this.runner.withUserConfiguration(CamelCaseConfig.class)
			.withPropertyValues("celery.client.ledger_v2.queue=ledger")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Signature<String> post = context.getBean(LedgerV2.class).post("x");
				assertThat(post.getTask()).isEqualTo("ledger_v2.post");
				assertThat(post.getOptions().getQueue()).isEqualTo("ledger");
			});
	}

	@Test
	void brokenInterfaceFailsStartupNamingInterfaceAndMethod() {
		this.runner.withUserConfiguration(BrokenConfig.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining(Broken.class.getName() + ".open()")
				.hasMessageContaining("overloaded");
		});
	}

}
