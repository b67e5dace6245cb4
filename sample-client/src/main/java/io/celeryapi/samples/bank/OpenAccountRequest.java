package io.celeryapi.samples.bank;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Body of {@code POST /accounts}: {@code {"owner": "ann", "initial_cents": 500}};
 * {@code initial_cents} may be left out (0).
 *
 * @param owner the owner's name, required
 * @param initialCents the first deposit, or {@code null} for none
 * @author celery-api
 * @since 0.1.0
 */
public record OpenAccountRequest(String owner, @JsonProperty("initial_cents") Long initialCents) {

	long initialCentsOrZero() {
		return (this.initialCents != null) ? this.initialCents : 0;
	}

}
