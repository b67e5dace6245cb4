package io.celeryapi.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the {@code celery} health indicator.
 *
 * @author celery-api
 * @since 0.1.0
 */
@ConfigurationProperties("celery.health")
public class CeleryHealthProperties {

	/**
	 * Whether a queue that this application's clients send to, but that no live worker
	 * consumes, makes the health status DOWN. When false, such queues are only reported
	 * in the details.
	 */
	private boolean clientQueuesAffectStatus;

	public boolean isClientQueuesAffectStatus() {
		return this.clientQueuesAffectStatus;
	}

	public void setClientQueuesAffectStatus(boolean clientQueuesAffectStatus) {
		this.clientQueuesAffectStatus = clientQueuesAffectStatus;
	}

}
