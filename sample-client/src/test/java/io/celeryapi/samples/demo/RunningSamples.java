package io.celeryapi.samples.demo;

import java.time.Duration;

import io.celeryapi.test.RedisServer;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * What {@link SamplesDemo} started, stopped in reverse order: the bank, the accounts
 * service, then Redis.
 *
 * <p>Ctrl+C in a terminal also reaches the Redis server, which then exits at once, and a
 * worker whose broker is gone may take long to stop. At JVM exit the samples therefore
 * get {@value #STOP_SECONDS} seconds before the JVM halts.
 *
 * @author celery-api
 * @since 0.1.0
 */
final class RunningSamples {

	static final int STOP_SECONDS = 10;

	private volatile RedisServer redis;

	private volatile ConfigurableApplicationContext service;

	private volatile ConfigurableApplicationContext bank;

	RedisServer redis() {
		return this.redis;
	}

	void redis(RedisServer redis) {
		this.redis = redis;
	}

	void service(ConfigurableApplicationContext service) {
		this.service = service;
	}

	ConfigurableApplicationContext bank() {
		return this.bank;
	}

	void bank(ConfigurableApplicationContext bank) {
		this.bank = bank;
	}

	/**
	 * Stops everything that was started.
	 */
	synchronized void stop() {
		if (this.bank != null) {
			this.bank.close();
		}
		if (this.service != null) {
			this.service.close();
		}
		if (this.redis != null) {
			this.redis.close();
		}
	}

	/**
	 * Stops everything, halting the JVM if that takes longer than {@value #STOP_SECONDS}
	 * seconds. For the shutdown hook only.
	 */
	void stopOrHalt() {
		Thread stopper = new Thread(this::stop, "samples-demo-stopper");
		stopper.setDaemon(true);
		stopper.start();
		try {
			stopper.join(Duration.ofSeconds(STOP_SECONDS).toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (stopper.isAlive()) {
			System.err.println("The samples did not stop within " + STOP_SECONDS + " s (is Redis gone?); halting");
			if (this.redis != null) {
				this.redis.kill();
			}
			Runtime.getRuntime().halt(130);
		}
	}

}
