package io.celeryapi.bench;

/** Display names of callers and workers. */
final class Labels {

	private Labels() {
	}

	static String caller(String caller) {
		return "java".equals(caller) ? "Java" : "Python";
	}

	/** "java" is the Java worker, "python-solo" Python Celery's solo pool, and so on. */
	static String worker(String worker) {
		if ("java".equals(worker)) {
			return "Java";
		}
		return "Python (" + worker.substring("python-".length()) + ")";
	}

}
