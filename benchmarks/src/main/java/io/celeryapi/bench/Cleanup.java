package io.celeryapi.bench;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Kills every process the benchmark started, and deletes its scratch directories, when the
 * JVM exits, however it exits.
 */
final class Cleanup {

	private static final Set<Process> PROCESSES = ConcurrentHashMap.newKeySet();

	private static final Set<Path> DIRECTORIES = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(Cleanup::run, "bench-cleanup"));
	}

	private Cleanup() {
	}

	static void register(Process process) {
		PROCESSES.add(process);
	}

	static void unregister(Process process) {
		PROCESSES.remove(process);
	}

	static void registerDirectory(Path directory) {
		DIRECTORIES.add(directory);
	}

	private static void run() {
		for (Process process : PROCESSES) {
			try {
				process.descendants().forEach(ProcessHandle::destroyForcibly);
				process.destroyForcibly();
				process.waitFor(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException | RuntimeException ex) {
				// best effort at exit
			}
		}
		for (Path directory : DIRECTORIES) {
			try {
				delete(directory);
			}
			catch (IOException | RuntimeException ex) {
				// best effort at exit
			}
		}
	}

	static void delete(Path directory) throws IOException {
		if (!Files.exists(directory)) {
			return;
		}
		Files.walkFileTree(directory, new SimpleFileVisitor<>() {
			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
				Files.deleteIfExists(file);
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
				Files.deleteIfExists(dir);
				return FileVisitResult.CONTINUE;
			}
		});
	}

}
