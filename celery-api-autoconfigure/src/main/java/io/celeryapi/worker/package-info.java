/**
 * The worker: registered tasks and the container that serves them.
 */
@NullMarked
package io.celeryapi.worker;

import org.jspecify.annotations.NullMarked;
