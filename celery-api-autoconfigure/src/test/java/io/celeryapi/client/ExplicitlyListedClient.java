package io.celeryapi.client;

import io.celeryapi.annotation.CeleryClient;

/**
 * A client outside the package of
 * {@code io.celeryapi.client.explicit.ExplicitClientsIntegrationTests}, which lists it in
 * {@code @EnableCeleryClients(clients = ...)}.
 */
@CeleryClient(name = "explicit", queue = "it.client.explicit")
public interface ExplicitlyListedClient {

	String echo(String text);

}
