package io.celeryapi.client;

import org.jspecify.annotations.Nullable;

/**
 * A task that a client interface calls.
 *
 * @param client the client name
 * @param type the client interface
 * @param method the method name
 * @param task the task name
 * @param queue the queue its calls go to when set statically, or {@code null} when the
 * routes decide
 * @author celery-api
 * @since 0.1.0
 */
public record ClientTask(String client, Class<?> type, String method, String task, @Nullable String queue) {
}
