/**
 * Internal implementation of the declarative clients; not API.
 */
@NullMarked
package io.celeryapi.internal.client;

import org.jspecify.annotations.NullMarked;
