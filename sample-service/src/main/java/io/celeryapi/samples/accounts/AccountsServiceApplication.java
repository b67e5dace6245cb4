package io.celeryapi.samples.accounts;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The accounts service of the sample internet bank: a Celery worker that serves the
 * {@code accounts.*} tasks of {@link AccountsTasks} from the queue {@code accounts}, to
 * Java and Python callers alike.
 *
 * @author celery-api
 * @since 0.1.0
 */
@SpringBootApplication
public class AccountsServiceApplication {

	/**
	 * Starts the service.
	 * @param args command line arguments, for example
	 * {@code --celery.broker-url=redis://localhost:6379/0}
	 */
	public static void main(String[] args) {
		SpringApplication.run(AccountsServiceApplication.class, args);
	}

}
