/**
 * Sample: the accounts service of an internet bank, serving {@code accounts.*} Celery
 * tasks from the queue {@code accounts}.
 */
package io.celeryapi.samples.accounts;
