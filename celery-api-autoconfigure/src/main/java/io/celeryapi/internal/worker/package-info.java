/**
 * Internal implementation; not API, may change without notice.
 */
@NullMarked
package io.celeryapi.internal.worker;

import org.jspecify.annotations.NullMarked;
