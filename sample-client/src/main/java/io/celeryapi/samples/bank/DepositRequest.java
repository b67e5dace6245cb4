package io.celeryapi.samples.bank;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Body of {@code POST /accounts/{id}/deposits}: {@code {"amount_cents": 250}}.
 *
 * @param amountCents the amount, required
 * @author celery-api
 * @since 0.1.0
 */
public record DepositRequest(@JsonProperty("amount_cents") Long amountCents) {

}
