package io.celeryapi.samples.bank;

import java.time.Duration;
import java.util.List;

import io.celeryapi.core.CeleryException;
import io.celeryapi.core.CeleryRemoteException;
import io.celeryapi.core.CeleryTimeoutException;
import io.celeryapi.core.TaskState;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The web layer alone, with a stand-in for the accounts service: routes, request bodies,
 * and how each kind of failure becomes an HTTP status and an {@link ApiError}.
 */
class BankApiTests {

	private final AccountsClient accounts = mock(AccountsClient.class);

	private final MockMvc mvc = MockMvcBuilders
		.standaloneSetup(new AccountsController(this.accounts), new TransfersController(this.accounts))
		.setControllerAdvice(new ApiErrorHandler())
		.build();

	@Test
	void openAnswers201WithLocation() throws Exception {
		given(this.accounts.open("ann", 0)).willReturn(new Account("acc-7", "ann", 0));
		post("/accounts", "{\"owner\":\"ann\"}").andExpect(status().isCreated())
			.andExpect(header().string("Location", "/accounts/acc-7"))
			.andExpect(jsonPath("$.id").value("acc-7"))
			.andExpect(jsonPath("$.balance_cents").value(0));
	}

	@Test
	void findPassesTheOwner() throws Exception {
		given(this.accounts.find("ann")).willReturn(List.of(new Account("acc-1", "ann", 5)));
		this.mvc.perform(get("/accounts").param("owner", "ann"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[0].balance_cents").value(5));
	}

	@Test
	void domainErrorsKeepTheirNames() throws Exception {
		given(this.accounts.get("acc-9")).willThrow(new AccountNotFound("No account acc-9"));
		given(this.accounts.deposit("acc-1", 0)).willThrow(new InvalidAmount("too small"));
		given(this.accounts.transfer("acc-1", "acc-2", 9)).willThrow(new InsufficientFunds("too poor"));
		expectError(this.mvc.perform(get("/accounts/acc-9")), 404, "AccountNotFound", "No account acc-9");
		expectError(post("/accounts/acc-1/deposits", "{\"amount_cents\":0}"), 422, "InvalidAmount", "too small");
		expectError(post("/transfers", "{\"from_id\":\"acc-1\",\"to_id\":\"acc-2\",\"amount_cents\":9}"), 409,
				"InsufficientFunds", "too poor");
	}

	@Test
	void timeoutIs504() throws Exception {
		given(this.accounts.get("acc-1"))
			.willThrow(new CeleryTimeoutException("accounts.get", "id-1", Duration.ofSeconds(5)));
		expectError(this.mvc.perform(get("/accounts/acc-1")), 504, "ServiceTimeout",
				"The accounts service did not answer in time; the operation may still happen");
	}

	@Test
	void unreachableBrokerIs503() throws Exception {
		given(this.accounts.get("acc-1")).willThrow(new CeleryException("Could not send task accounts.get"));
		expectError(this.mvc.perform(get("/accounts/acc-1")), 503, "ServiceUnavailable",
				"The accounts service is unavailable");
	}

	@Test
	void unexpectedRemoteFailureIs502() throws Exception {
		given(this.accounts.get("acc-1")).willThrow(new CeleryRemoteException("id-1", TaskState.FAILURE,
				"NullPointerException", "java.lang", List.of("boom"), null));
		expectError(this.mvc.perform(get("/accounts/acc-1")), 502, "ServiceError",
				"The accounts service failed: NullPointerException");
	}

	@Test
	void incompleteOrMalformedRequestIs400WithoutCallingTheService() throws Exception {
		expectError(post("/accounts", "{}"), 400, "BadRequest", "owner is required");
		expectError(post("/accounts", "{\"owner\":\"  \"}"), 400, "BadRequest", "owner is required");
		expectError(post("/accounts/acc-1/deposits", "{}"), 400, "BadRequest", "amount_cents is required");
		expectError(post("/transfers", "{\"to_id\":\"acc-2\",\"amount_cents\":1}"), 400, "BadRequest",
				"from_id is required");
		expectError(post("/transfers", "not json"), 400, "BadRequest", "The body must be a JSON object");
		expectError(this.mvc.perform(get("/accounts")), 400, "BadRequest",
				"Required request parameter 'owner' for method parameter type String is not present");
		verifyNoInteractions(this.accounts);
	}

	private ResultActions post(String path, String json) throws Exception {
		return this.mvc
			.perform(MockMvcRequestBuilders.post(path).contentType(MediaType.APPLICATION_JSON).content(json));
	}

	private static void expectError(ResultActions result, int status, String error, String message)
			throws Exception {
		result.andExpect(status().is(status))
			.andExpect(jsonPath("$.error").value(error))
			.andExpect(jsonPath("$.message").value(message));
	}

}
