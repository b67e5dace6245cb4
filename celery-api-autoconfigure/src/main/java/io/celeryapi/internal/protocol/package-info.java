/**
 * Internal implementation; not API, may change without notice.
 */
@NullMarked
package io.celeryapi.internal.protocol;

import org.jspecify.annotations.NullMarked;
