package io.celeryapi.samples.bank;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Body of {@code POST /transfers}:
 * {@code {"from_id": "acc-1", "to_id": "acc-2", "amount_cents": 100}}.
 *
 * @param fromId the account to debit, required
 * @param toId the account to credit, required
 * @param amountCents the amount, required
 * @author celery-api
 * @since 0.1.0
 */
public record TransferRequest(@JsonProperty("from_id") String fromId, @JsonProperty("to_id") String toId,
		@JsonProperty("amount_cents") Long amountCents) {

}
