package io.celeryapi.internal.client;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;

import io.celeryapi.client.ClientSettings;
import io.celeryapi.internal.TaskPublisher;

import org.jspecify.annotations.Nullable;

/**
 * The invocation handler behind a client proxy: task methods go to their parsed model,
 * default methods run their own code, and {@code equals}, {@code hashCode} and
 * {@code toString} behave as for any object.
 */
public final class ClientInvocationHandler implements InvocationHandler {

	private final Class<?> type;

	private final String clientName;

	private final Map<Method, ClientMethod> methods;

	private final TaskPublisher publisher;

	private ClientInvocationHandler(Class<?> type, Map<Method, ClientMethod> methods, TaskPublisher publisher) {
		this.type = type;
		this.clientName = ClientContract.clientName(type);
		this.methods = Map.copyOf(methods);
		this.publisher = publisher;
	}

	/**
	 * Creates a client proxy, parsing every method now so that a broken interface fails
	 * at startup.
	 * @param <T> the interface type
	 * @param type the interface
	 * @param contract the parser
	 * @param settings the client's properties
	 * @param publisher sends the tasks
	 * @return the proxy
	 */
	public static <T> T createProxy(Class<T> type, ClientContract contract, ClientSettings settings,
			TaskPublisher publisher) {
		ClientInvocationHandler handler = new ClientInvocationHandler(type, contract.parse(type, settings), publisher);
		return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, handler));
	}

	@Override
	public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args) throws Throwable {
		if (method.getDeclaringClass() == Object.class) {
			return switch (method.getName()) {
				case "equals" -> args != null && proxy == args[0];
				case "hashCode" -> System.identityHashCode(proxy);
				case "toString" -> "CeleryClient[" + this.clientName + "](" + this.type.getName() + ")";
				default -> method.invoke(this, args);
			};
		}
		if (method.isDefault()) {
			return InvocationHandler.invokeDefault(proxy, method, args);
		}
		ClientMethod clientMethod = this.methods.get(method);
		if (clientMethod == null) {
			throw new UnsupportedOperationException("Not a client method: " + method);
		}
		return clientMethod.invoke(args, this.publisher);
	}

}
