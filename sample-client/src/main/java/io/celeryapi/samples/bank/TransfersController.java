package io.celeryapi.samples.bank;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The transfers API: {@code POST /transfers} moves money between two accounts through the
 * accounts service, all or nothing.
 *
 * @author celery-api
 * @since 0.1.0
 */
@RestController
public class TransfersController {

	private final AccountsClient accounts;

	/**
	 * Creates the controller.
	 * @param accounts the accounts service
	 */
	public TransfersController(AccountsClient accounts) {
		this.accounts = accounts;
	}

	/**
	 * {@code POST /transfers}: moves money.
	 * @param request the accounts and the amount
	 * @return both accounts after the transfer
	 */
	@PostMapping("/transfers")
	public Transfer transfer(@RequestBody TransferRequest request) {
		return this.accounts.transfer(InvalidRequest.require(request.fromId(), "from_id"),
				InvalidRequest.require(request.toId(), "to_id"),
				InvalidRequest.require(request.amountCents(), "amount_cents"));
	}

}
