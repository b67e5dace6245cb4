package io.celeryapi.samples.bank;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A bank account as the accounts service returns it and as this API shows it:
 * {@code {"id": ..., "owner": ..., "balance_cents": ...}}. The bank's own copy of the
 * contract: it shares no code with the service.
 *
 * @param id the account id
 * @param owner the owner's name
 * @param balanceCents the balance in cents
 * @author celery-api
 * @since 0.1.0
 */
public record Account(String id, String owner, @JsonProperty("balance_cents") long balanceCents) {

}
