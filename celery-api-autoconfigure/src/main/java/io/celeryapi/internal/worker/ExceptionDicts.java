package io.celeryapi.internal.worker;

import java.io.PrintWriter;
import java.io.StringWriter;

import tools.jackson.databind.node.ObjectNode;

import io.celeryapi.internal.protocol.ResultMeta;

/**
 * Java exceptions in Celery's form: {@code exc_type} is the simple class name (of the
 * superclass, for an anonymous class), {@code exc_module} the package, and
 * {@code exc_message} the message as the single argument. A Python caller then gets an
 * exception of that class name with that message.
 */
public final class ExceptionDicts {

	private static final int TRACEBACK_LIMIT = 32 * 1024;

	private ExceptionDicts() {
	}

	/**
	 * The exception dict of a Java exception.
	 * @param ex the exception
	 * @return the dict
	 */
	public static ObjectNode of(Throwable ex) {
		if (ex instanceof TaskArgumentException) {
			return ResultMeta.exception("TypeError", "builtins", ex.getMessage());
		}
		if (ex instanceof TimeLimitExceeded || ex instanceof SoftTimeLimitExceeded) {
			return ResultMeta.exception(ex.getClass().getSimpleName(), "celery.exceptions", ex.getMessage());
		}
		if (ex instanceof MaxRetriesExceededError) {
			return ResultMeta.exception("MaxRetriesExceededError", "celery.exceptions", ex.getMessage());
		}
		// An anonymous class has no simple name; Python would get an empty exc_type.
		Class<?> type = ex.getClass();
		while (type.isAnonymousClass()) {
			type = type.getSuperclass();
		}
		Package pkg = type.getPackage();
		return ResultMeta.exception(type.getSimpleName(), (pkg != null) ? pkg.getName() : null, ex.getMessage());
	}

	/**
	 * The exception's stack trace as text, shortened when huge.
	 * @param ex the exception
	 * @return the traceback
	 */
	public static String traceback(Throwable ex) {
		StringWriter text = new StringWriter();
		ex.printStackTrace(new PrintWriter(text));
		String trace = text.toString();
		return (trace.length() > TRACEBACK_LIMIT) ? trace.substring(0, TRACEBACK_LIMIT) + "\n..." : trace;
	}

}
