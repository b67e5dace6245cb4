package io.celeryapi.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The local host name, resolved once.
 */
public final class Hostnames {

	private static final String LOCAL = resolve();

	private Hostnames() {
	}

	/**
	 * The local host name.
	 * @return the name
	 */
	public static String local() {
		return LOCAL;
	}

	private static String resolve() {
		String env = System.getenv("HOSTNAME");
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return (env != null && !env.isBlank()) ? env : "localhost";
		}
	}

}
