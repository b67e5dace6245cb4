/**
 * Introspection from the client side: which workers run, which tasks they know and which
 * queues they consume, for Java and Python workers alike.
 */
@NullMarked
package io.celeryapi.inspect;

import org.jspecify.annotations.NullMarked;
