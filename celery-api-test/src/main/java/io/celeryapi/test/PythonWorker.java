package io.celeryapi.test;

import java.nio.file.Path;

/**
 * A running Python Celery worker process of the bundled {@code peerapp}, started by {@link
 * PythonCelery#startWorker(String, String, String...)}.
 */
public final class PythonWorker implements AutoCloseable {

  private static final long CLOSE_TIMEOUT_MILLIS = 10_000;

  private final Process process;

  private final String hostname;

  private final Path logFile;

  PythonWorker(Process process, String hostname, Path logFile) {
    this.process = process;
    this.hostname = hostname;
    this.logFile = logFile;
  }

  /** Returns the worker's node name, e.g. {@code peer-1a2b3c4d@myhost}. */
  public String hostname() {
    return hostname;
  }

  /** Returns the worker's log (stdout and stderr) so far. */
  public String log() {
    return Processes.readQuietly(logFile);
  }

  /** Returns whether the worker process is alive. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Returns the worker's process id. */
  public long pid() {
    return process.pid();
  }

  /** Stops the worker: SIGTERM (warm shutdown), up to 10 s, then SIGKILL. Idempotent. */
  @Override
  public void close() {
    Processes.terminate(process, CLOSE_TIMEOUT_MILLIS);
  }

  /** Kills the worker (and any child processes) immediately with SIGKILL. */
  public void kill() {
    Processes.kill(process);
  }

  @Override
  public String toString() {
    return "PythonWorker[" + hostname + ", pid=" + process.pid() + ", alive=" + isAlive() + "]";
  }
}
