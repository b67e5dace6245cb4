package io.celeryapi.autoconfigure;

import java.util.LinkedHashSet;
import java.util.Set;

import io.celeryapi.client.CeleryClientFactory;
import io.celeryapi.client.CeleryClientsRegistrar;
import io.celeryapi.client.ClientSettings;
import io.celeryapi.internal.TaskPublisher;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Binder;
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
		return new CeleryClientFactory(publisher,
				(name) -> binder.bind("celery.client." + name, ClientSettings.class).orElseGet(ClientSettings::new),
				properties.getClient().getDefaultTimeout());
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
