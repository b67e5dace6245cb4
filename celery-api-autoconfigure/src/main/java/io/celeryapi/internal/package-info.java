/**
 * Internal implementation; not API, may change without notice.
 */
@NullMarked
package io.celeryapi.internal;

import org.jspecify.annotations.NullMarked;
