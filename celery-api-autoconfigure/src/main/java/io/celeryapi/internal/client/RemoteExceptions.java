package io.celeryapi.internal.client;

import java.lang.reflect.Constructor;

import io.celeryapi.core.CeleryRemoteException;

import org.jspecify.annotations.Nullable;

/**
 * Turns a remote failure into the exception a client method declares, when one has the
 * remote type's simple name; otherwise keeps the {@link CeleryRemoteException}.
 */
final class RemoteExceptions {

	private RemoteExceptions() {
	}

	static Throwable translate(CeleryRemoteException remote, Class<?>[] declared) {
		for (Class<?> type : declared) {
			if (Throwable.class.isAssignableFrom(type) && type.getSimpleName().equals(remote.getExcType())) {
				Throwable translated = instantiate(type, remote.getRemoteMessage());
				if (translated != null) {
					try {
						translated.initCause(remote);
					}
					catch (IllegalStateException ex) {
						// the exception chose its own cause
					}
					return translated;
				}
			}
		}
		return remote;
	}

	private static @Nullable Throwable instantiate(Class<?> type, String message) {
		try {
			Constructor<?> withMessage = type.getDeclaredConstructor(String.class);
			withMessage.setAccessible(true);
			return (Throwable) withMessage.newInstance(message);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return null;
		}
	}

}
