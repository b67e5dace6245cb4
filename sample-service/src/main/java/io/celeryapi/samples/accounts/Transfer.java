package io.celeryapi.samples.accounts;

/**
 * The outcome of a transfer: both accounts as they are right after it,
 * {@code {"from": account, "to": account}}.
 *
 * @param from the debited account
 * @param to the credited account
 * @author celery-api
 * @since 0.1.0
 */
public record Transfer(Account from, Account to) {

}
