/**
 * Internal implementation; not API, may change without notice.
 */
@NullMarked
package io.celeryapi.internal.redis;

import org.jspecify.annotations.NullMarked;
