/**
 * Spring Boot auto-configuration for celery-api.
 */
@NullMarked
package io.celeryapi.autoconfigure;

import org.jspecify.annotations.NullMarked;
