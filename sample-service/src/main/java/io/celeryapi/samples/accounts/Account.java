package io.celeryapi.samples.accounts;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A snapshot of one bank account, as the tasks return it:
 * {@code {"id": ..., "owner": ..., "balance_cents": ...}}.
 *
 * @param id the account id, for example {@code acc-1}
 * @param owner the owner's name
 * @param balanceCents the balance in cents, never negative
 * @author celery-api
 * @since 0.1.0
 */
public record Account(String id, String owner, @JsonProperty("balance_cents") long balanceCents) {

}
