package io.celeryapi.internal.worker;

import io.celeryapi.internal.protocol.Envelope;

/**
 * A message taken from a queue and recorded as unacknowledged.
 *
 * @param envelope the envelope
 * @param queue the queue it came from
 * @param deliveryTag its ack key
 */
public record Delivery(Envelope envelope, String queue, String deliveryTag) {
}
