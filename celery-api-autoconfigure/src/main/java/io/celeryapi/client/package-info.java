/**
 * Declarative clients: {@link io.celeryapi.annotation.CeleryClient} interfaces turned into
 * proxies that send Celery tasks.
 */
@NullMarked
package io.celeryapi.client;

import org.jspecify.annotations.NullMarked;
