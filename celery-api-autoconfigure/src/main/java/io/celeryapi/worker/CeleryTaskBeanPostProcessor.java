package io.celeryapi.worker;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.json.JsonMapper;

import io.celeryapi.annotation.CeleryTask;

import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.StringUtils;

/**
 * Finds {@link CeleryTask} methods on beans and registers them in the {@link TaskRegistry}.
 *
 * @author celery-api
 * @since 0.1.0
 */
public class CeleryTaskBeanPostProcessor implements BeanPostProcessor {

	private final ObjectProvider<TaskRegistry> registry;

	private final ObjectProvider<JsonMapper> mapper;

	private final Set<Class<?>> classesWithoutTasks = ConcurrentHashMap.newKeySet();

	/**
	 * Creates the post-processor; collaborators are looked up lazily, so that it does not
	 * initialise them early.
	 * @param registry the registry
	 * @param mapper the mapper for arguments
	 */
	public CeleryTaskBeanPostProcessor(ObjectProvider<TaskRegistry> registry, ObjectProvider<JsonMapper> mapper) {
		this.registry = registry;
		this.mapper = mapper;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		Class<?> targetClass = AopProxyUtils.ultimateTargetClass(bean);
		if (this.classesWithoutTasks.contains(targetClass)) {
			return bean;
		}
		Map<Method, CeleryTask> tasks = MethodIntrospector.selectMethods(targetClass,
				(MethodIntrospector.MetadataLookup<CeleryTask>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, CeleryTask.class));
		if (tasks.isEmpty()) {
			this.classesWithoutTasks.add(targetClass);
			return bean;
		}
		TaskRegistry taskRegistry = this.registry.getObject();
		JsonMapper jsonMapper = this.mapper.getObject();
		tasks.forEach((method, annotation) -> {
			Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
			String name = StringUtils.hasText(annotation.name()) ? annotation.name()
					: targetClass.getSimpleName() + "." + method.getName();
			TaskEndpoint endpoint = new TaskEndpoint(name, bean, invocable, annotation.acksLate(),
					annotation.ignoreResult(), jsonMapper);
			endpoint.setRetryPolicy(RetryPolicy.of(annotation));
			endpoint.setTimeLimits(annotation.softTimeLimit(), annotation.timeLimit());
			endpoint.setRateLimit(annotation.rateLimit(), annotation.globalRateLimit());
			taskRegistry.register(endpoint);
		});
		return bean;
	}

}
