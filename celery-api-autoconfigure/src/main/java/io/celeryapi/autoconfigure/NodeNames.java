package io.celeryapi.autoconfigure;


/**
 * Expands Celery's node name placeholders: %h (host name), %n (short host name), %d
 * (domain).
 */
final class NodeNames {

	private NodeNames() {
	}

	static String expand(String pattern) {
		String host = io.celeryapi.internal.Hostnames.local();
		int dot = host.indexOf('.');
		String name = (dot < 0) ? host : host.substring(0, dot);
		String domain = (dot < 0) ? "" : host.substring(dot + 1);
		return pattern.replace("%h", host).replace("%n", name).replace("%d", domain).replace("%%", "%");
	}

}
