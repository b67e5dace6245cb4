package io.celeryapi.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Package-private bookkeeping for the processes and temporary directories created by this module:
 * a single JVM shutdown hook destroys every process still registered and deletes every registered
 * directory.
 */
final class Processes {

  private static final Set<Process> PROCESSES = ConcurrentHashMap.newKeySet();

  private static final Set<Path> DIRECTORIES = ConcurrentHashMap.newKeySet();

  static {
    Thread hook = new Thread(Processes::cleanUp, "celery-api-test-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  private Processes() {}

  static void register(Process process) {
    PROCESSES.add(process);
  }

  static void unregister(Process process) {
    PROCESSES.remove(process);
  }

  static void registerDirectory(Path directory) {
    DIRECTORIES.add(directory);
  }

  static void unregisterDirectory(Path directory) {
    DIRECTORIES.remove(directory);
  }

  /** Sends SIGTERM, waits up to {@code graceMillis}, then SIGKILLs the process and its descendants. */
  static void terminate(Process process, long graceMillis) {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(graceMillis, TimeUnit.MILLISECONDS)) {
          kill(process);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        kill(process);
      }
    }
    // children of a gracefully exited process (e.g. prefork pool) must not survive it
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    unregister(process);
  }

  /** SIGKILLs the process and all its descendants and waits for the process to exit. */
  static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    boolean interrupted = false;
    while (true) {
      try {
        process.waitFor(10, TimeUnit.SECONDS);
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    unregister(process);
  }

  static void deleteRecursively(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try {
      Files.walkFileTree(
          path,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc)
                throws IOException {
              Files.deleteIfExists(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("Could not delete " + path, e);
    }
  }

  static String readQuietly(Path file) {
    try {
      return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "<could not read " + file + ": " + e + ">";
    }
  }

  private static void cleanUp() {
    for (Process process : PROCESSES) {
      try {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        // best effort during JVM shutdown
      }
    }
    PROCESSES.clear();
    for (Path directory : DIRECTORIES) {
      try {
        deleteRecursively(directory);
      } catch (RuntimeException e) {
        // best effort during JVM shutdown
      }
    }
  }
}
