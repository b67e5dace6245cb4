/**
 * The calling API: {@link io.celeryapi.core.CeleryOperations}, results, options and signatures.
 */
@NullMarked
package io.celeryapi.core;

import org.jspecify.annotations.NullMarked;
