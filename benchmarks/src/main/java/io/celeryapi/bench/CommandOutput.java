package io.celeryapi.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/** What a short command prints, for the facts a run records about its machine. */
final class CommandOutput {

	private CommandOutput() {
	}

	/**
	 * Runs a command to its end.
	 * @param command the program and its arguments
	 * @return its output (standard output and error), trimmed, or {@code null} when it
	 * could not start or exited with a status other than 0
	 */
	static @Nullable String of(String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			return (process.waitFor() == 0) ? out : null;
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

}
