package io.celeryapi.samples.bank;

/**
 * An HTTP request that lacks a required field; the API answers 400 Bad Request without
 * calling the accounts service.
 *
 * @author celery-api
 * @since 0.1.0
 */
public class InvalidRequest extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message what is missing
	 */
	public InvalidRequest(String message) {
		super(message);
	}

	/**
	 * Returns a value that the request must contain.
	 * @param <T> the value type
	 * @param value the value, possibly missing
	 * @param field the JSON field name, for the message
	 * @return the value
	 * @throws InvalidRequest if the value is missing or blank
	 */
	public static <T> T require(T value, String field) {
		if (value == null || (value instanceof String text && text.isBlank())) {
			throw new InvalidRequest(field + " is required");
		}
		return value;
	}

}
