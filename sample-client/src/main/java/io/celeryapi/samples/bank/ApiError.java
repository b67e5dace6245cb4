package io.celeryapi.samples.bank;

/**
 * The JSON body of every error answer: {@code {"error": "AccountNotFound", "message": "..."}}.
 *
 * @param error what went wrong, as a stable name: the remote exception type for domain
 * errors
 * @param message the details, for people
 * @author celery-api
 * @since 0.1.0
 */
public record ApiError(String error, String message) {

}
