package io.celeryapi.internal.client;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.celeryapi.client.ClientCallListener;
import io.celeryapi.client.ClientSettings;
import io.celeryapi.internal.TaskPublisher;

import org.jspecify.annotations.Nullable;

/**
 * The invocation handler behind a client proxy: task methods go to their parsed model,
 * default methods run their own code, and {@code equals}, {@code hashCode} and
 * {@code toString} behave as for any object.
 */
public final class ClientInvocationHandler implements InvocationHandler {

	/** Marks a default method that only {@link InvocationHandler#invokeDefault} may run. */
	private static final MethodHandle NO_HANDLE = MethodHandles.constant(Object.class, null);

	private final Class<?> type;

	private final String clientName;

	private final Map<Method, ClientMethod> methods;

	private final TaskPublisher publisher;

	private ClientCallListener calls = (task, outcome, nanos) -> {
	};

	private final Map<Method, MethodHandle> defaultMethods = new ConcurrentHashMap<>();

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
		return createProxy(type, contract, settings, publisher, (method, task, queue) -> {
		});
	}

	/**
	 * Creates a client proxy and reports each parsed method to a listener.
	 * @param <T> the interface type
	 * @param type the interface
	 * @param contract the parser
	 * @param settings the client's properties
	 * @param publisher sends the tasks
	 * @param listener hears each parsed method
	 * @return the proxy
	 */
	public static <T> T createProxy(Class<T> type, ClientContract contract, ClientSettings settings,
			TaskPublisher publisher, MethodListener listener) {
		return createProxy(type, contract, settings, publisher, listener, (task, outcome, nanos) -> {
		});
	}

	/**
	 * Creates a client proxy that also reports how its calls end.
	 * @param <T> the interface type
	 * @param type the interface
	 * @param contract the parser
	 * @param settings the client's properties
	 * @param publisher sends the tasks
	 * @param listener hears each parsed method
	 * @param calls hears how each call ends, for metrics
	 * @return the proxy
	 */
	public static <T> T createProxy(Class<T> type, ClientContract contract, ClientSettings settings,
			TaskPublisher publisher, MethodListener listener, ClientCallListener calls) {
		Map<Method, ClientMethod> methods = contract.parse(type, settings);
		methods.forEach((method, model) -> listener.parsed(method.getName(), model.taskName(),
				model.defaults().getQueue()));
		ClientInvocationHandler handler = new ClientInvocationHandler(type, methods, publisher);
		handler.calls = calls;
		return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, handler));
	}

	/**
	 * Hears each parsed method, for the catalog of client tasks.
	 */
	@FunctionalInterface
	public interface MethodListener {

		/**
		 * A method was parsed.
		 * @param method the method name
		 * @param task the task it calls
		 * @param queue its static queue, or {@code null}
		 */
		void parsed(String method, String task, @Nullable String queue);

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
			return invokeDefault(proxy, method, args);
		}
		ClientMethod clientMethod = this.methods.get(method);
		if (clientMethod == null) {
			throw new UnsupportedOperationException("Not a client method: " + method);
		}
		long start = System.nanoTime();
		try {
			Object result = clientMethod.invoke(args, this.publisher);
			switch (clientMethod.returnKind()) {
				case BLOCKING, FIRE_AND_FORGET -> this.calls.completed(clientMethod.taskName(), "success",
						System.nanoTime() - start);
				case FUTURE -> ((java.util.concurrent.CompletionStage<?>) result).whenComplete((value, ex) -> this.calls
					.completed(clientMethod.taskName(), outcome(ex), System.nanoTime() - start));
				default -> {
					// handles, signatures and monos end where the caller uses them
				}
			}
			return result;
		}
		catch (Throwable ex) {
			this.calls.completed(clientMethod.taskName(), outcome(ex), System.nanoTime() - start);
			throw ex;
		}
	}

	private static String outcome(@Nullable Throwable ex) {
		if (ex == null) {
			return "success";
		}
		Throwable cause = (ex instanceof java.util.concurrent.CompletionException && ex.getCause() != null)
				? ex.getCause() : ex;
		if (cause instanceof io.celeryapi.core.CeleryTimeoutException) {
			return "timeout";
		}
		if (cause instanceof io.celeryapi.core.CeleryRemoteException
				|| cause.getCause() instanceof io.celeryapi.core.CeleryRemoteException) {
			return "failure";
		}
		return "error";
	}

	/**
	 * Runs a default method's own code. {@link InvocationHandler#invokeDefault} checks
	 * access from this class, so it fails for the package-private interfaces users often
	 * declare; a private lookup in the interface does not, where its module is open to us
	 * (always on the class path).
	 */
	private @Nullable Object invokeDefault(Object proxy, Method method, @Nullable Object[] args) throws Throwable {
		MethodHandle handle = this.defaultMethods.computeIfAbsent(method,
				ClientInvocationHandler::defaultMethodHandle);
		if (handle == NO_HANDLE) {
			return InvocationHandler.invokeDefault(proxy, method, args);
		}
		return handle.bindTo(proxy).invokeWithArguments((args != null) ? args : new Object[0]);
	}

	private static MethodHandle defaultMethodHandle(Method method) {
		Class<?> declaring = method.getDeclaringClass();
		try {
			return MethodHandles.privateLookupIn(declaring, MethodHandles.lookup()).unreflectSpecial(method, declaring);
		}
		catch (IllegalAccessException ex) {
			return NO_HANDLE;
		}
	}

}
