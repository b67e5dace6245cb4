package io.celeryapi.internal.worker;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.celeryapi.annotation.Kwarg;
import io.celeryapi.core.TaskContext;

import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Binds a message's args and kwargs to a task method's parameters, Python style: args by
 * position, kwargs by name, and the same {@code TypeError} wording when they do not fit.
 * Everything that reflection can tell is worked out once, at registration.
 */
public final class ArgumentBinder {

	private static final Set<Class<?>> INTEGRAL = Set.of(int.class, long.class, short.class, byte.class,
			Integer.class, Long.class, Short.class, Byte.class, BigInteger.class);

	private final String signature;

	private final Param[] params;

	private final int bindable;

	private final int parameterCount;

	/**
	 * Analyses a task method.
	 * @param taskName the task name, for messages
	 * @param method the method
	 * @param mapper converts JSON to parameter types
	 */
	public ArgumentBinder(String taskName, Method method, JsonMapper mapper) {
		this.signature = taskName + "()";
		Parameter[] parameters = method.getParameters();
		this.parameterCount = parameters.length;
		List<Param> bound = new ArrayList<>();
		for (int i = 0; i < parameters.length; i++) {
			Parameter parameter = parameters[i];
			if (TaskContext.class.isAssignableFrom(parameter.getType())) {
				bound.add(new Param(i, "context", null, null, true, false, null, false, false));
				continue;
			}
			MethodParameter methodParameter = new MethodParameter(method, i);
			JavaType type = mapper.constructType(methodParameter.getGenericParameterType());
			Kwarg kwarg = AnnotatedElementUtils.findMergedAnnotation(parameter, Kwarg.class);
			String name = (kwarg != null && !kwarg.value().isEmpty()) ? kwarg.value() : parameter.getName();
			JsonNode defaultValue = null;
			if (kwarg != null && !Kwarg.NO_DEFAULT.equals(kwarg.defaultValue())) {
				defaultValue = mapper.readTree(kwarg.defaultValue());
			}
			bound.add(new Param(i, name, type, mapper.readerFor(type), false, Optional.class == parameter.getType(),
					defaultValue, parameter.getType().isPrimitive(), INTEGRAL.contains(parameter.getType())));
		}
		this.params = bound.toArray(Param[]::new);
		this.bindable = (int) bound.stream().filter((p) -> !p.context).count();
	}

	/**
	 * The names of the parameters that take arguments, in order.
	 * @return the names
	 */
	public List<String> parameterNames() {
		return java.util.Arrays.stream(this.params).filter((p) -> !p.context).map(Param::name).toList();
	}

	/**
	 * Binds arguments to an invocation array.
	 * @param args positional arguments
	 * @param kwargs keyword arguments
	 * @param context the task context, for a context parameter
	 * @return the method arguments
	 * @throws TaskArgumentException when they do not fit
	 */
	public @Nullable Object[] bind(ArrayNode args, ObjectNode kwargs, TaskContext context) {
		if (args.size() > this.bindable) {
			throw new TaskArgumentException(this.signature + " takes " + this.bindable + " positional argument"
					+ (this.bindable == 1 ? "" : "s") + " but " + args.size() + (args.size() == 1 ? " was" : " were")
					+ " given");
		}
		@Nullable Object[] values = new Object[this.parameterCount];
		JsonNode[] nodes = new JsonNode[this.params.length];
		int position = 0;
		for (int i = 0; i < this.params.length && position < args.size(); i++) {
			if (!this.params[i].context) {
				nodes[i] = args.get(position++);
			}
		}
		if (!kwargs.isEmpty()) {
			for (Map.Entry<String, JsonNode> kwarg : kwargs.properties()) {
				int index = indexOf(kwarg.getKey());
				if (index < 0) {
					throw new TaskArgumentException(
							this.signature + " got an unexpected keyword argument '" + kwarg.getKey() + "'");
				}
				if (nodes[index] != null) {
					throw new TaskArgumentException(
							this.signature + " got multiple values for argument '" + kwarg.getKey() + "'");
				}
				nodes[index] = kwarg.getValue();
			}
		}
		List<String> missing = null;
		for (int i = 0; i < this.params.length; i++) {
			Param param = this.params[i];
			if (param.context) {
				values[param.index] = context;
				continue;
			}
			JsonNode node = (nodes[i] != null) ? nodes[i] : param.defaultValue;
			if (node == null) {
				if (param.optional) {
					values[param.index] = Optional.empty();
					continue;
				}
				if (missing == null) {
					missing = new ArrayList<>();
				}
				missing.add("'" + param.name + "'");
				continue;
			}
			values[param.index] = convert(param, node);
		}
		if (missing != null) {
			throw new TaskArgumentException(this.signature + " missing " + missing.size() + " required argument"
					+ (missing.size() == 1 ? "" : "s") + ": " + String.join(", ", missing));
		}
		return values;
	}

	private @Nullable Object convert(Param param, JsonNode node) {
		if (node.isNull() && param.primitive) {
			throw new TaskArgumentException(this.signature + " argument '" + param.name + "' must be a "
					+ param.type.getRawClass().getSimpleName() + ", not None");
		}
		// Jackson would truncate 2.5 to 2 for an int; Python passes 2.5 on unchanged.
		if (param.integral && node.isFloatingPointNumber() && !node.canConvertToExactIntegral()) {
			throw typeMismatch(param, node);
		}
		try {
			return param.reader.readValue(node);
		}
		catch (RuntimeException ex) {
			throw typeMismatch(param, node);
		}
	}

	private TaskArgumentException typeMismatch(Param param, JsonNode node) {
		String value = node.toString();
		if (value.length() > 80) {
			value = value.substring(0, 77) + "...";
		}
		return new TaskArgumentException(this.signature + " argument '" + param.name + "' expects "
				+ param.type.toCanonical() + ", got " + value);
	}

	private int indexOf(String name) {
		for (int i = 0; i < this.params.length; i++) {
			if (!this.params[i].context && this.params[i].name.equals(name)) {
				return i;
			}
		}
		return -1;
	}

	private record Param(int index, String name, JavaType type, ObjectReader reader, boolean context,
			boolean optional, @Nullable JsonNode defaultValue, boolean primitive, boolean integral) {
	}

}
