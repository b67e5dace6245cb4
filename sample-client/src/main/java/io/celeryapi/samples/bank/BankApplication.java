package io.celeryapi.samples.bank;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The public web face of the sample internet bank: a JSON API over HTTP that calls the
 * accounts service only through the {@link AccountsClient} Celery client.
 *
 * @author celery-api
 * @since 0.1.0
 */
@SpringBootApplication
public class BankApplication {

	/**
	 * Starts the web application.
	 * @param args command line arguments, for example
	 * {@code --celery.broker-url=redis://localhost:6379/0 --server.port=8080}
	 */
	public static void main(String[] args) {
		SpringApplication.run(BankApplication.class, args);
	}

}
