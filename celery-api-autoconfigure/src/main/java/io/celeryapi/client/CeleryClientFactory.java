package io.celeryapi.client;

import java.time.Duration;
import java.util.function.Function;

import io.celeryapi.internal.TaskPublisher;
import io.celeryapi.internal.client.ClientContract;
import io.celeryapi.internal.client.ClientInvocationHandler;

/**
 * Creates {@link io.celeryapi.annotation.CeleryClient} proxies. The starter registers one
 * bean per client interface through it; use it directly to create a client by hand.
 *
 * @author celery-api
 * @since 0.1.0
 */
public class CeleryClientFactory {

	private final TaskPublisher publisher;

	private final Function<String, ClientSettings> settings;

	private final ClientContract contract;

	private final java.util.List<ClientCallListener> callListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

	private final java.util.Map<String, ClientTask> clientTasks = new java.util.concurrent.ConcurrentSkipListMap<>();

	/**
	 * Creates a factory.
	 * @param publisher sends the tasks
	 * @param settings the {@code celery.client.<name>.*} settings of a client name
	 * @param defaultTimeout the timeout of blocking calls that set none
	 */
	public CeleryClientFactory(TaskPublisher publisher, Function<String, ClientSettings> settings,
			Duration defaultTimeout) {
		this.publisher = publisher;
		this.settings = settings;
		this.contract = new ClientContract(publisher.mapper(), defaultTimeout);
	}

	/**
	 * Creates a client proxy. Every method is parsed now.
	 * @param <T> the interface type
	 * @param type the client interface
	 * @return the proxy
	 * @throws IllegalStateException when the interface cannot work, naming the method
	 */
	public <T> T create(Class<T> type) {
		String name = ClientContract.clientName(type);
		return ClientInvocationHandler.createProxy(type, this.contract, this.settings.apply(name), this.publisher,
				(method, task, queue) -> this.clientTasks.put(type.getName() + "#" + method,
						new ClientTask(name, type, method, task, queue)),
				(task, outcome, nanos) -> this.callListeners.forEach((l) -> l.completed(task, outcome, nanos)));
	}

	/**
	 * Adds a listener that hears how every client call ends, for metrics.
	 * @param listener the listener
	 */
	public void addCallListener(ClientCallListener listener) {
		this.callListeners.add(listener);
	}

	/**
	 * The tasks of every client this factory created.
	 * @return the client tasks
	 */
	public java.util.Collection<ClientTask> getClientTasks() {
		return java.util.List.copyOf(this.clientTasks.values());
	}

}
