package io.celeryapi.samples.bank;

/**
 * The outcome of a transfer: {@code {"from": account, "to": account}}.
 *
 * @param from the debited account after the transfer
 * @param to the credited account after the transfer
 * @author celery-api
 * @since 0.1.0
 */
public record Transfer(Account from, Account to) {

}
