/**
 * Actuator support: the {@code tasks} and {@code queues} endpoints, the {@code celery}
 * health indicator and Micrometer metrics of workers and clients. These runtime
 * components carry no Spring Boot conditions; {@code io.celeryapi.autoconfigure} wires
 * them.
 */
@NullMarked
package io.celeryapi.actuate;

import org.jspecify.annotations.NullMarked;
