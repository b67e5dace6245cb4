package io.celeryapi.internal.redis;

/**
 * The Redis result backend's chord keys.
 */
final class ChordKeys {

	private ChordKeys() {
	}

	static String group(String groupId) {
		return "celery-taskset-meta-" + groupId;
	}

	static String size(String groupId) {
		return group(groupId) + ".s";
	}

	static String joined(String groupId) {
		return group(groupId) + ".j";
	}

	static String added(String groupId) {
		return group(groupId) + ".t";
	}

}
