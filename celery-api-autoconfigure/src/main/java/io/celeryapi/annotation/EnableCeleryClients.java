package io.celeryapi.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.celeryapi.client.CeleryClientsRegistrar;

import org.springframework.context.annotation.Import;

/**
 * Chooses which {@link CeleryClient} interfaces become beans. Without it, every
 * {@code @CeleryClient} in the application's packages does.
 *
 * @author celery-api
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(CeleryClientsRegistrar.class)
public @interface EnableCeleryClients {

	/**
	 * Packages to scan for {@link CeleryClient} interfaces. Defaults to the package of the
	 * annotated class when neither this nor {@link #clients()} is set.
	 * @return the packages
	 */
	String[] basePackages() default {};

	/**
	 * Client interfaces to register, without scanning.
	 * @return the interfaces
	 */
	Class<?>[] clients() default {};

}
