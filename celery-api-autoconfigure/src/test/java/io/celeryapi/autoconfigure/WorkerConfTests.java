package io.celeryapi.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code celery inspect conf} never shows a password.
 */
class WorkerConfTests {

	@Test
	void confMasksCredentialsInBrokerAndBackendUrls() {
		CeleryProperties properties = new CeleryProperties();
		properties.setBrokerUrl("redis://alice:s3cret@redis.example:6379/0");
		properties.setResultBackend("rediss://:hunter2@results.example:6380/1");
		Map<String, Object> conf = CeleryWorkerAutoConfiguration.conf(properties,
				CeleryWorkerAutoConfiguration.settings(properties));
		assertThat(conf.get("broker_url")).isEqualTo("redis://alice:**@redis.example:6379/0");
		assertThat(conf.get("result_backend")).isEqualTo("rediss://:**@results.example:6380/1");
		assertThat(conf.toString()).doesNotContain("s3cret").doesNotContain("hunter2");
		assertThat(conf).containsEntry("task_default_queue", "celery").containsKey("worker_concurrency");
	}

}
