package io.celeryapi.inspect;

/**
 * A queue a worker consumes.
 *
 * @param name the queue name
 * @param exchange the exchange it is bound to
 * @param routingKey the binding's routing key
 * @author celery-api
 * @since 0.1.0
 */
public record QueueInfo(String name, String exchange, String routingKey) {
}
