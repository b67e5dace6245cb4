package io.celeryapi.samples.bank;

import java.net.URI;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The accounts API: open, look up, find by owner, and deposit. Every operation is a call
 * of the accounts service through {@link AccountsClient}; errors are rendered by
 * {@link ApiErrorHandler}.
 *
 * @author celery-api
 * @since 0.1.0
 */
@RestController
@RequestMapping("/accounts")
public class AccountsController {

	private final AccountsClient accounts;

	/**
	 * Creates the controller.
	 * @param accounts the accounts service
	 */
	public AccountsController(AccountsClient accounts) {
		this.accounts = accounts;
	}

	/**
	 * {@code POST /accounts}: opens an account; 201 Created with its location.
	 * @param request the owner and the first deposit
	 * @return the new account
	 */
	@PostMapping
	public ResponseEntity<Account> open(@RequestBody OpenAccountRequest request) {
		Account account = this.accounts.open(InvalidRequest.require(request.owner(), "owner"),
				request.initialCentsOrZero());
		return ResponseEntity.created(URI.create("/accounts/" + account.id())).body(account);
	}

	/**
	 * {@code GET /accounts/{id}}: one account.
	 * @param id the account id
	 * @return the account
	 */
	@GetMapping("/{id}")
	public Account get(@PathVariable String id) {
		return this.accounts.get(id);
	}

	/**
	 * {@code GET /accounts?owner=ann}: the accounts of one owner.
	 * @param owner the owner's name
	 * @return the accounts, possibly none
	 */
	@GetMapping
	public List<Account> find(@RequestParam String owner) {
		return this.accounts.find(owner);
	}

	/**
	 * {@code POST /accounts/{id}/deposits}: pays money in.
	 * @param id the account id
	 * @param request the amount
	 * @return the account after the deposit
	 */
	@PostMapping("/{id}/deposits")
	public Account deposit(@PathVariable String id, @RequestBody DepositRequest request) {
		return this.accounts.deposit(id, InvalidRequest.require(request.amountCents(), "amount_cents"));
	}

}
