/**
 * Internal implementation of remote control (pidbox) and events; not API.
 */
@NullMarked
package io.celeryapi.internal.control;

import org.jspecify.annotations.NullMarked;
