package io.celeryapi.internal.client;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;

/**
 * Reactor support, in a class of its own so that Reactor stays optional: it is loaded
 * only for methods that return {@code Mono}.
 */
final class Monos {

	private Monos() {
	}

	static Object deferred(Supplier<CompletableFuture<?>> send) {
		return Mono.fromFuture(send::get);
	}

}
