/**
 * Sample: the web face of an internet bank, a JSON API that calls the accounts service
 * through a {@code @CeleryClient}.
 */
package io.celeryapi.samples.bank;
