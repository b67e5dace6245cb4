package io.celeryapi.client;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.celeryapi.annotation.CeleryClient;
import io.celeryapi.annotation.EnableCeleryClients;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.ResourceLoaderAware;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * Registers a bean for each {@link CeleryClient} interface named or found by
 * {@link EnableCeleryClients}. Each bean's type is the interface, so it autowires without
 * creating anything early; its instance comes from the {@link CeleryClientFactory}.
 *
 * @author celery-api
 * @since 0.1.0
 */
public class CeleryClientsRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware, ResourceLoaderAware {

	/** Name of the bean that marks that the application chose its clients itself. */
	public static final String MARKER_BEAN_NAME = CeleryClientsRegistrar.class.getName() + ".explicit";

	private Environment environment;

	private ResourceLoader resourceLoader;

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
		Map<String, Object> attributes = metadata.getAnnotationAttributes(EnableCeleryClients.class.getName());
		Set<String> packages = new LinkedHashSet<>();
		Set<Class<?>> clients = new LinkedHashSet<>();
		if (attributes != null) {
			packages.addAll(List.of((String[]) attributes.get("basePackages")));
			clients.addAll(List.of((Class<?>[]) attributes.get("clients")));
		}
		if (packages.isEmpty() && clients.isEmpty()) {
			packages.add(ClassUtils.getPackageName(metadata.getClassName()));
		}
		if (!registry.containsBeanDefinition(MARKER_BEAN_NAME)) {
			registry.registerBeanDefinition(MARKER_BEAN_NAME, new RootBeanDefinition(Marker.class));
		}
		registerClients(registry, packages, clients, this.environment, this.resourceLoader);
	}

	/**
	 * Scans packages and registers client beans.
	 * @param registry the registry
	 * @param packages packages to scan
	 * @param clients interfaces to register without scanning
	 * @param environment the environment (for the scanner)
	 * @param resourceLoader the resource loader (for the scanner)
	 */
	public static void registerClients(BeanDefinitionRegistry registry, Set<String> packages, Set<Class<?>> clients,
			Environment environment, ResourceLoader resourceLoader) {
		Set<Class<?>> found = new LinkedHashSet<>(clients);
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false,
				environment) {
			@Override
			protected boolean isCandidateComponent(AnnotatedBeanDefinition beanDefinition) {
				return beanDefinition.getMetadata().isIndependent() && beanDefinition.getMetadata().isInterface();
			}
		};
		scanner.setResourceLoader(resourceLoader);
		scanner.addIncludeFilter(new AnnotationTypeFilter(CeleryClient.class));
		ClassLoader classLoader = resourceLoader.getClassLoader();
		for (String pkg : packages) {
			for (BeanDefinition candidate : scanner.findCandidateComponents(pkg)) {
				found.add(ClassUtils.resolveClassName(candidate.getBeanClassName(), classLoader));
			}
		}
		for (Class<?> client : found) {
			register(registry, client);
		}
	}

	private static void register(BeanDefinitionRegistry registry, Class<?> client) {
		if (!client.isInterface()) {
			throw new IllegalStateException("@CeleryClient " + client.getName() + " must be an interface");
		}
		String beanName = client.getName();
		if (registry.containsBeanDefinition(beanName)) {
			return;
		}
		RootBeanDefinition definition = new RootBeanDefinition(client);
		BeanFactory beanFactory = (BeanFactory) registry;
		definition.setInstanceSupplier(() -> beanFactory.getBean(CeleryClientFactory.class).create(client));
		registry.registerBeanDefinition(beanName, definition);
	}

	/**
	 * Marks that {@link EnableCeleryClients} chose the clients, so that the
	 * auto-configuration does not scan.
	 */
	public static final class Marker {

	}

}
