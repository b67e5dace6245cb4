package io.celeryapi.internal.client;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.stream.BaseStream;

import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.TypeBindings;
import tools.jackson.databind.type.TypeFactory;

import io.celeryapi.annotation.CeleryCall;
import io.celeryapi.annotation.CeleryClient;
import io.celeryapi.annotation.Kwarg;
import io.celeryapi.client.ClientSettings;
import io.celeryapi.core.AsyncResult;
import io.celeryapi.core.Signature;
import io.celeryapi.core.TaskOptions;
import io.celeryapi.internal.client.ClientMethod.ParameterRole;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringUtils;

/**
 * Parses a {@link CeleryClient} interface into one {@link ClientMethod} per method, and
 * fails with a message naming the interface and method when one cannot work.
 *
 * <p>Defaults of a call, most specific first: the call's {@link TaskOptions} parameter,
 * {@code celery.client.<name>.methods.<method>.*}, {@link CeleryCall}, then
 * {@code celery.client.<name>.*}, then {@link CeleryClient#queue()}; a queue nobody sets
 * comes from {@code celery.client.routes}, then {@code celery.template.default-queue}.
 */
public final class ClientContract {

	private static final boolean REACTOR_PRESENT = ClassUtils.isPresent("reactor.core.publisher.Mono",
			ClientContract.class.getClassLoader());

	private static final List<Class<?>> UNSERIALIZABLE = List.of(InputStream.class, OutputStream.class, Reader.class,
			Writer.class, Thread.class, Runnable.class, java.util.concurrent.Callable.class,
			java.util.function.Function.class, java.util.function.Supplier.class, java.util.function.Consumer.class,
			Iterator.class, BaseStream.class, Future.class, ClassLoader.class, Class.class,
			java.nio.channels.Channel.class, java.util.concurrent.locks.Lock.class, java.net.Socket.class);

	private final JsonMapper mapper;

	private final Duration defaultTimeout;

	/**
	 * Creates a parser.
	 * @param mapper resolves result types
	 * @param defaultTimeout the timeout of blocking calls that set none
	 */
	public ClientContract(JsonMapper mapper, Duration defaultTimeout) {
		this.mapper = mapper;
		this.defaultTimeout = defaultTimeout;
	}

	/**
	 * The client name of an interface: {@link CeleryClient#name()} or the uncapitalized
	 * simple name.
	 * @param type the interface
	 * @return the name
	 */
	public static String clientName(Class<?> type) {
		CeleryClient client = AnnotatedElementUtils.findMergedAnnotation(type, CeleryClient.class);
		if (client != null && StringUtils.hasText(client.name())) {
			return client.name();
		}
		return StringUtils.uncapitalize(type.getSimpleName());
	}

	/**
	 * Parses an interface.
	 * @param type the interface
	 * @param settings its {@code celery.client.<name>.*} properties
	 * @return the methods
	 * @throws IllegalStateException when the interface cannot work
	 */
	Map<Method, ClientMethod> parse(Class<?> type, ClientSettings settings) {
		if (!type.isInterface()) {
			throw new IllegalStateException("@CeleryClient " + type.getName() + " must be an interface");
		}
		String clientName = clientName(type);
		CeleryClient client = AnnotatedElementUtils.findMergedAnnotation(type, CeleryClient.class);
		String clientQueue = (client != null && StringUtils.hasText(client.queue())) ? client.queue() : null;
		Map<Method, ClientMethod> methods = new LinkedHashMap<>();
		Map<String, Method> byJavaName = new HashMap<>();
		for (Method method : type.getMethods()) {
			// equals, hashCode and toString stay the proxy's own, even where redeclared
			if (method.isDefault() || Modifier.isStatic(method.getModifiers())
					|| ReflectionUtils.isObjectMethod(method)) {
				continue;
			}
			CeleryCall call = AnnotatedElementUtils.findMergedAnnotation(method, CeleryCall.class);
			boolean explicitName = call != null && StringUtils.hasText(call.name());
			if (!explicitName) {
				Method overload = byJavaName.put(method.getName(), method);
				if (overload != null) {
					throw fail(type, method, "is overloaded; two methods would call task '" + clientName + "."
							+ method.getName() + "' ambiguously. Give each a distinct @CeleryCall(name = ...)");
				}
			}
			String taskName = explicitName ? call.name() : clientName + "." + method.getName();
			methods.put(method, parseMethod(type, method, call, taskName, settings, clientQueue));
		}
		return methods;
	}

	private ClientMethod parseMethod(Class<?> type, Method method, @Nullable CeleryCall call, String taskName,
			ClientSettings clientSettings, @Nullable String clientQueue) {
		ClientSettings methodSettings = methodSettings(clientSettings, method.getName());
		ParameterRole[] roles = roles(type, method);
		ReturnKind kind = returnKind(type, method);
		JavaType resultType = resultType(type, method, kind);

		TaskOptions.Builder defaults = TaskOptions.builder();
		defaults.queue(first(value(methodSettings, ClientSettings::getQueue), text(call, CeleryCall::queue),
				clientSettings.getQueue(), clientQueue));
		defaults.countdown(first(value(methodSettings, ClientSettings::getCountdown),
				duration(type, method, call, CeleryCall::countdown), clientSettings.getCountdown()));
		defaults.expiresIn(first(value(methodSettings, ClientSettings::getExpires),
				duration(type, method, call, CeleryCall::expires), clientSettings.getExpires()));
		Integer priority = first(value(methodSettings, ClientSettings::getPriority),
				(call != null && call.priority() >= 0) ? call.priority() : null, clientSettings.getPriority());
		try {
			defaults.priority(priority);
		}
		catch (IllegalArgumentException ex) {
			throw fail(type, method, "has an invalid priority: " + ex.getMessage());
		}
		Boolean ignoreResult = first(value(methodSettings, ClientSettings::getIgnoreResult),
				(call != null && call.ignoreResult()) ? Boolean.TRUE : null, clientSettings.getIgnoreResult());
		defaults.ignoreResult(ignoreResult);
		// no result is ever stored, so a value, future or Mono (even of Void) would never complete
		if (Boolean.TRUE.equals(ignoreResult)
				&& (kind == ReturnKind.BLOCKING || kind == ReturnKind.FUTURE || kind == ReturnKind.MONO)) {
			throw fail(type, method, "ignores its result but returns " + method.getGenericReturnType()
					+ ", which would never complete; declare void, AsyncResult or Signature");
		}
		Duration timeout = first(value(methodSettings, ClientSettings::getTimeout),
				duration(type, method, call, CeleryCall::timeout), clientSettings.getTimeout(), this.defaultTimeout);
		return new ClientMethod(method, taskName, roles, defaults.build(), timeout, kind, resultType);
	}

	private ParameterRole[] roles(Class<?> type, Method method) {
		Parameter[] parameters = method.getParameters();
		ParameterRole[] roles = new ParameterRole[parameters.length];
		boolean seenOptions = false;
		List<String> kwargNames = new ArrayList<>();
		for (int i = 0; i < parameters.length; i++) {
			Parameter parameter = parameters[i];
			if (TaskOptions.class.isAssignableFrom(parameter.getType())) {
				if (seenOptions) {
					throw fail(type, method, "has two TaskOptions parameters");
				}
				seenOptions = true;
				roles[i] = new ParameterRole(ParameterRole.Kind.OPTIONS, "");
				continue;
			}
			for (Class<?> unserializable : UNSERIALIZABLE) {
				if (unserializable.isAssignableFrom(parameter.getType())) {
					throw fail(type, method, "has parameter '" + parameter.getName() + "' of type "
							+ parameter.getType().getName() + ", which cannot be serialized to JSON");
				}
			}
			Kwarg kwarg = AnnotatedElementUtils.findMergedAnnotation(parameter, Kwarg.class);
			if (kwarg != null) {
				String name = StringUtils.hasText(kwarg.value()) ? kwarg.value() : parameter.getName();
				if (kwargNames.contains(name)) {
					throw fail(type, method, "sends kwarg '" + name + "' twice");
				}
				kwargNames.add(name);
				roles[i] = new ParameterRole(ParameterRole.Kind.KWARG, name);
			}
			else {
				roles[i] = new ParameterRole(ParameterRole.Kind.POSITIONAL, "");
			}
		}
		return roles;
	}

	private ReturnKind returnKind(Class<?> type, Method method) {
		Class<?> raw = method.getReturnType();
		if (raw == void.class || raw == Void.class) {
			return ReturnKind.FIRE_AND_FORGET;
		}
		if (raw == CompletableFuture.class || raw == CompletionStage.class) {
			return ReturnKind.FUTURE;
		}
		if (raw == AsyncResult.class) {
			return ReturnKind.HANDLE;
		}
		if (raw == Signature.class) {
			return ReturnKind.SIGNATURE;
		}
		if (REACTOR_PRESENT && raw.getName().equals("reactor.core.publisher.Mono")) {
			return ReturnKind.MONO;
		}
		if (Future.class.isAssignableFrom(raw) || BaseStream.class.isAssignableFrom(raw)
				|| Iterator.class.isAssignableFrom(raw) || raw.getName().startsWith("reactor.core.publisher.")) {
			throw fail(type, method, "returns unsupported type " + method.getGenericReturnType()
					+ "; use T, void, CompletableFuture<T>, AsyncResult<T>, Signature<T>"
					+ (REACTOR_PRESENT ? " or Mono<T>" : ""));
		}
		return ReturnKind.BLOCKING;
	}

	/**
	 * The type the result decodes to. Type variables of a generic super-interface (a
	 * method {@code T find(String id)} of {@code Repository<T>}) resolve against the client
	 * interface.
	 */
	private JavaType resultType(Class<?> type, Method method, ReturnKind kind) {
		TypeFactory types = this.mapper.getTypeFactory();
		JavaType declaring = types.constructType(type).findSuperType(method.getDeclaringClass());
		TypeBindings bindings = (declaring != null) ? declaring.getBindings() : TypeBindings.emptyBindings();
		Type generic = method.getGenericReturnType();
		return switch (kind) {
			case BLOCKING -> types.resolveMemberType(generic, bindings);
			case FIRE_AND_FORGET -> types.constructType(Void.class);
			default -> types.resolveMemberType((generic instanceof ParameterizedType parameterized)
					? parameterized.getActualTypeArguments()[0] : Object.class, bindings);
		};
	}

	private @Nullable Duration duration(Class<?> type, Method method, @Nullable CeleryCall call,
			java.util.function.Function<CeleryCall, String> attribute) {
		String text = text(call, attribute);
		if (text == null) {
			return null;
		}
		try {
			return DurationStyle.detectAndParse(text);
		}
		catch (IllegalArgumentException ex) {
			throw fail(type, method, "has an invalid duration '" + text + "' in @CeleryCall");
		}
	}

	private static @Nullable String text(@Nullable CeleryCall call, java.util.function.Function<CeleryCall, String> attribute) {
		if (call == null) {
			return null;
		}
		String value = attribute.apply(call);
		return StringUtils.hasText(value) ? value : null;
	}

	/**
	 * The {@code methods.<method>.*} settings of a method: by its exact name, else by its
	 * name in any case, with or without dashes, as relaxed binding lets users write it
	 * ({@code methods.open-account.*} or {@code METHODS_OPENACCOUNT_*} for
	 * {@code openAccount}).
	 */
	private static @Nullable ClientSettings methodSettings(ClientSettings settings, String methodName) {
		ClientSettings exact = settings.getMethods().get(methodName);
		if (exact != null) {
			return exact;
		}
		String relaxed = relaxed(methodName);
		for (Map.Entry<String, ClientSettings> entry : settings.getMethods().entrySet()) {
			if (relaxed(entry.getKey()).equals(relaxed)) {
				return entry.getValue();
			}
		}
		return null;
	}

	private static String relaxed(String name) {
		return name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
	}

	private static <T> @Nullable T value(@Nullable ClientSettings settings,
			java.util.function.Function<ClientSettings, @Nullable T> getter) {
		return (settings != null) ? getter.apply(settings) : null;
	}

	@SafeVarargs
	private static <T> @Nullable T first(@Nullable T... candidates) {
		for (T candidate : candidates) {
			if (candidate != null) {
				return candidate;
			}
		}
		return null;
	}

	private static IllegalStateException fail(Class<?> type, Method method, String problem) {
		return new IllegalStateException("@CeleryClient " + type.getName() + "." + method.getName() + "(): " + problem);
	}

}
