package io.celeryapi.autoconfigure;

import java.util.LinkedHashSet;
import java.util.Set;

import io.celeryapi.client.CeleryClientFactory;
import io.celeryapi.client.CeleryClientsRegistrar;
import io.celeryapi.client.ClientSettings;
import io.celeryapi.client.ClientVerifier;
import io.celeryapi.inspect.CeleryInspector;
import io.celeryapi.internal.TaskPublisher;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.ResourceLoaderAware;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Auto-configuration of the declarative clients: every
 * {@link io.celeryapi.annotation.CeleryClient} interface in the application's packages
 * becomes a bean, unless the application chose its clients with
 * {@link io.celeryapi.annotation.EnableCeleryClients}.
 *
 * @author celery-api
 * @since 0.1.0
 */
@AutoConfiguration(after = CeleryAutoConfiguration.class)
public final class CeleryClientAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CeleryClientFactory celeryClientFactory(TaskPublisher publisher, CeleryProperties properties,
			Environment environment) {
		Binder binder = Binder.get(environment);
		return new CeleryClientFactory(publisher, (name) -> binder
			.bind(clientPrefix(name), Bindable.of(ClientSettings.class))
			.orElseGet(ClientSettings::new), properties.getClient().getDefaultTimeout());
	}

	/**
	 * The prefix of a client's properties. Client names are often camel case (the default
	 * is the uncapitalized interface name), which is no valid property name: adapt it, so
	 * that {@code celery.client.billingService.*} and {@code celery.client.billing-service.*}
	 * both bind.
	 * @param clientName the client name
	 * @return the property name
	 */
	static ConfigurationPropertyName clientPrefix(String clientName) {
		return ConfigurationPropertyName.adapt("celery.client." + clientName, '.');
	}

	@Bean
	@ConditionalOnMissingBean
	ClientVerifier celeryClientVerifier(CeleryClientFactory factory, CeleryInspector inspector,
			CeleryProperties properties) {
		return new ClientVerifier(factory, inspector, properties.getClient().getInspectTimeout());
	}

	@Bean
	ApplicationListener<ApplicationReadyEvent> celeryClientVerification(ClientVerifier verifier,
			CeleryProperties properties) {
		return (event) -> {
			switch (properties.getClient().getVerify()) {
				case FAIL -> verifier.verify(true);
				case WARN -> {
					Thread check = new Thread(() -> {
						try {
							verifier.verify(false);
						}
						catch (RuntimeException ex) {
							org.apache.commons.logging.LogFactory.getLog(ClientVerifier.class)
								.debug("Client contract check failed: " + ex.getMessage());
						}
					}, "celery-client-verify");
					check.setDaemon(true);
					check.start();
				}
				case OFF -> {
				}
			}
		};
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(CeleryClientsRegistrar.Marker.class)
	@Import(AutoConfiguredClientsRegistrar.class)
	static class ScanApplicationPackages {

	}

	/**
	 * Registers the {@code @CeleryClient} interfaces of the auto-configuration packages.
	 */
	static class AutoConfiguredClientsRegistrar
			implements ImportBeanDefinitionRegistrar, BeanFactoryAware, EnvironmentAware, ResourceLoaderAware {

		private BeanFactory beanFactory;

		private Environment environment;

		private ResourceLoader resourceLoader;

		@Override
		public void setBeanFactory(BeanFactory beanFactory) {
			this.beanFactory = beanFactory;
		}

		@Override
		public void setEnvironment(Environment environment) {
			this.environment = environment;
		}

		@Override
		public void setResourceLoader(ResourceLoader resourceLoader) {
			this.resourceLoader = resourceLoader;
		}

		@Override
		public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
			if (!AutoConfigurationPackages.has(this.beanFactory)) {
				return;
			}
			Set<String> packages = new LinkedHashSet<>(AutoConfigurationPackages.get(this.beanFactory));
			CeleryClientsRegistrar.registerClients(registry, packages, Set.of(), this.environment,
					this.resourceLoader);
		}

	}

}
