package io.celeryapi.bench.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.celeryapi.annotation.CeleryTask;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The Java worker of the benchmarks: a plain Spring Boot application with the starter and
 * one no-op task, {@code bench.add}. The benchmark runner starts it in a JVM of its own so
 * that its CPU time and peak RSS can be read from {@code /proc}.
 *
 * <p>Configured with ordinary Spring Boot arguments ({@code --celery.broker-url=...},
 * {@code --celery.worker.queues=...}); {@code --bench.ready-file=PATH} is written once the
 * worker consumes.
 */
@SpringBootApplication
public class JavaBenchWorker {

	@Bean
	BenchTasks benchTasks() {
		return new BenchTasks();
	}

	public static void main(String[] args) throws IOException {
		SpringApplication application = new SpringApplication(JavaBenchWorker.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setBannerMode(Banner.Mode.OFF);
		ConfigurableApplicationContext context = application.run(args);
		String ready = context.getEnvironment().getProperty("bench.ready-file");
		if (ready != null) {
			Files.writeString(Path.of(ready), Long.toString(ProcessHandle.current().pid()));
		}
	}

	/**
	 * The benchmark task: as cheap as a task can be, so that the numbers show the cost of
	 * the framework.
	 */
	public static class BenchTasks {

		@CeleryTask("bench.add")
		public long add(long x, long y) {
			return x + y;
		}

	}

}
