package io.celeryapi.samples.bank;

import io.celeryapi.core.CeleryException;
import io.celeryapi.core.CeleryRemoteException;
import io.celeryapi.core.CeleryTimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns failures into HTTP answers with an {@link ApiError} body. The accounts service's
 * domain errors keep their remote names: {@code AccountNotFound} is 404,
 * {@code InvalidAmount} 422 and {@code InsufficientFunds} 409. A service that does not
 * answer in time is 504, a remote failure of any other type 502, and any other Celery
 * failure (such as an unreachable broker) 503. Requests missing a field are 400.
 *
 * @author celery-api
 * @since 0.1.0
 */
@RestControllerAdvice
public class ApiErrorHandler {

	private static final Log logger = LogFactory.getLog(ApiErrorHandler.class);

	/**
	 * 404 for an unknown account.
	 * @param ex the translated remote failure
	 * @return the answer
	 */
	@ExceptionHandler
	public ResponseEntity<ApiError> accountNotFound(AccountNotFound ex) {
		return answer(HttpStatus.NOT_FOUND, "AccountNotFound", ex.getMessage());
	}

	/**
	 * 422 for an amount the service refused.
	 * @param ex the translated remote failure
	 * @return the answer
	 */
	@ExceptionHandler
	public ResponseEntity<ApiError> invalidAmount(InvalidAmount ex) {
		return answer(HttpStatus.UNPROCESSABLE_CONTENT, "InvalidAmount", ex.getMessage());
	}

	/**
	 * 409 for a transfer without the money.
	 * @param ex the translated remote failure
	 * @return the answer
	 */
	@ExceptionHandler
	public ResponseEntity<ApiError> insufficientFunds(InsufficientFunds ex) {
		return answer(HttpStatus.CONFLICT, "InsufficientFunds", ex.getMessage());
	}

	/**
	 * 400 for a request that lacks something or is not JSON.
	 * @param ex the failure
	 * @return the answer
	 */
	@ExceptionHandler({ InvalidRequest.class, HttpMessageNotReadableException.class,
			MissingServletRequestParameterException.class })
	public ResponseEntity<ApiError> badRequest(Exception ex) {
		String message = (ex instanceof HttpMessageNotReadableException) ? "The body must be a JSON object"
				: ex.getMessage();
		return answer(HttpStatus.BAD_REQUEST, "BadRequest", message);
	}

	/**
	 * 504 when the accounts service did not answer in time.
	 * @param ex the timeout
	 * @return the answer
	 */
	@ExceptionHandler
	public ResponseEntity<ApiError> serviceTimeout(CeleryTimeoutException ex) {
		logger.warn(ex.getMessage());
		return answer(HttpStatus.GATEWAY_TIMEOUT, "ServiceTimeout",
				"The accounts service did not answer in time; the operation may still happen");
	}

	/**
	 * 502 when the accounts service failed in a way the bank does not know.
	 * @param ex the remote failure
	 * @return the answer
	 */
	@ExceptionHandler
	public ResponseEntity<ApiError> serviceFailed(CeleryRemoteException ex) {
		logger.warn("Accounts service failed: " + ex.getMessage());
		return answer(HttpStatus.BAD_GATEWAY, "ServiceError", "The accounts service failed: " + ex.getExcType());
	}

	/**
	 * 503 when the accounts service cannot be reached, for example because the broker is
	 * down.
	 * @param ex the failure
	 * @return the answer
	 */
	@ExceptionHandler
	public ResponseEntity<ApiError> serviceUnavailable(CeleryException ex) {
		logger.warn("Accounts service unavailable: " + ex.getMessage());
		return answer(HttpStatus.SERVICE_UNAVAILABLE, "ServiceUnavailable", "The accounts service is unavailable");
	}

	private static ResponseEntity<ApiError> answer(HttpStatus status, String error, String message) {
		return ResponseEntity.status(status).body(new ApiError(error, message));
	}

}
