/**
 * Annotations that declare Celery tasks and clients.
 */
@NullMarked
package io.celeryapi.annotation;

import org.jspecify.annotations.NullMarked;
