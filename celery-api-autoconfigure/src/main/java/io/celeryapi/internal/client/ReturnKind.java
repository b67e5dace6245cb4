package io.celeryapi.internal.client;

/**
 * How a client method returns, chosen once from its declared return type.
 */
enum ReturnKind {

	/** Plain {@code T}: wait up to the timeout. */
	BLOCKING,

	/** {@code CompletableFuture<T>} or {@code CompletionStage<T>}. */
	FUTURE,

	/** {@code AsyncResult<T>}: a handle. */
	HANDLE,

	/** {@code void}: fire and forget, no result stored. */
	FIRE_AND_FORGET,

	/** {@code Signature<T>}: build, do not send. */
	SIGNATURE,

	/** Reactor {@code Mono<T>}: send on subscription. */
	MONO

}
