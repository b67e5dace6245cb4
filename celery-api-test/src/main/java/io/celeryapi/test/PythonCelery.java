package io.celeryapi.test;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * Drives a real Python Celery (Debian {@code python3-celery}, run as {@value #PYTHON}) for
 * interoperability tests: starts workers of the bundled {@code peerapp.py} and sends tasks with the
 * bundled {@code peer_client.py}.
 *
 * <p>The Python files are extracted once per JVM into a temporary directory, which is the working
 * directory and {@code PYTHONPATH} of every process started here.
 */
public final class PythonCelery {

  /** The only Python interpreter used: the system one, which has {@code python3-celery}. */
  public static final String PYTHON = "/usr/bin/python3";

  private static final String RESOURCE_DIRECTORY = "/io/celeryapi/test/python/";

  private static final List<String> PYTHON_FILES = List.of("peerapp.py", "peer_client.py");

  private static final Duration WORKER_START_TIMEOUT = Duration.ofSeconds(30);

  private static @Nullable Boolean available;

  private static @Nullable Path pythonDirectory;

  private static @Nullable String localHostName;

  private PythonCelery() {}

  /**
   * Returns whether {@value #PYTHON} can {@code import celery}; checked once per JVM.
   *
   * @return whether Python Celery is available
   */
  public static synchronized boolean available() {
    Boolean result = available;
    if (result == null) {
      result = checkAvailable();
      available = result;
    }
    return result;
  }

  /**
   * Aborts the current test (JUnit assumption) when Python Celery is not available, or fails it
   * when the environment variable {@code CI} is {@code true}.
   */
  public static void assumeAvailable() {
    if (available()) {
      return;
    }
    if ("true".equals(System.getenv("CI"))) {
      throw new AssertionError("CI=true requires python3-celery (apt-get install python3-celery)");
    }
    Assumptions.assumeTrue(
        false, PYTHON + " cannot import celery (apt-get install python3-celery); test skipped");
  }

  /**
   * Starts a worker of the bundled {@code peerapp} and waits (up to 30 s) until it is ready.
   *
   * <p>Default arguments: {@code -P threads -c 4 -n peer-<random>@<host> -l info
   * --without-mingle --without-gossip --without-heartbeat}; {@code -P threads -c 4} is left out
   * when {@code extraArgs} choose a pool ({@code -P}/{@code --pool}).
   *
   * @param brokerUrl the broker URL (environment variable {@code PEER_BROKER})
   * @param backendUrl the result backend URL ({@code PEER_BACKEND})
   * @param extraArgs further worker arguments, e.g. {@code "-Q", "java.q,celery"}
   * @return the ready worker
   * @throws IllegalStateException with the worker log if it exits or is not ready in time
   */
  public static PythonWorker startWorker(
      String brokerUrl, String backendUrl, String... extraArgs) {
    return startWorker(Map.of(), brokerUrl, backendUrl, extraArgs);
  }

  /**
   * Starts a worker of the bundled peer app with extra environment variables, such as
   * {@code PEER_VT} (visibility timeout) or {@code PEER_EXTENDED=1}.
   *
   * @param extraEnv environment variables for the worker
   * @param brokerUrl the broker URL ({@code PEER_BROKER})
   * @param backendUrl the result backend URL ({@code PEER_BACKEND})
   * @param extraArgs further worker arguments
   * @return the ready worker
   */
  public static PythonWorker startWorker(
      Map<String, String> extraEnv, String brokerUrl, String backendUrl, String... extraArgs) {
    Path directory = pythonDirectory();
    String name = "peer-" + UUID.randomUUID().toString().substring(0, 8);
    String hostname = name + "@" + localHostName();
    List<String> command = new ArrayList<>(List.of(PYTHON, "-m", "celery", "-A", "peerapp", "worker"));
    if (!choosesPool(extraArgs)) {
      command.addAll(List.of("-P", "threads", "-c", "4"));
    }
    command.addAll(
        List.of(
            "-n",
            hostname,
            "-l",
            "info",
            "--without-mingle",
            "--without-gossip",
            "--without-heartbeat"));
    Collections.addAll(command, extraArgs);

    Path logFile = directory.resolve("logs").resolve(name + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    Map<String, String> env = builder.environment();
    pythonEnvironment(env, directory);
    env.put("PEER_BROKER", brokerUrl);
    env.put("PEER_BACKEND", backendUrl);
    env.putAll(extraEnv);
    Process process;
    try {
      Files.createDirectories(logFile.getParent());
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("Could not start " + command + ": " + e.getMessage(), e);
    }
    Processes.register(process);
    PythonWorker worker = new PythonWorker(process, hostname, logFile);
    long deadline = System.nanoTime() + WORKER_START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (worker.log().contains("ready.")) {
        return worker;
      }
      if (!process.isAlive()) {
        Processes.unregister(process);
        throw new IllegalStateException(
            "Celery worker "
                + hostname
                + " exited with code "
                + process.exitValue()
                + " before it was ready. Command: "
                + command
                + "\nLog:\n"
                + worker.log());
      }
      sleep(100);
    }
    worker.kill();
    throw new IllegalStateException(
        "Celery worker "
            + hostname
            + " was not ready within "
            + WORKER_START_TIMEOUT.toSeconds()
            + " s. Command: "
            + command
            + "\nLog:\n"
            + worker.log());
  }

  /**
   * Runs {@code /usr/bin/python3 <args>} in the extracted Python directory (also its {@code
   * PYTHONPATH}) and waits for it; the process is killed when the timeout elapses (a note is then
   * appended to stderr).
   *
   * @param timeout the maximum run time
   * @param env additional environment variables (applied last)
   * @param args the interpreter arguments
   * @return exit code, stdout and stderr
   */
  public static PythonRun run(Duration timeout, Map<String, String> env, String... args) {
    Path directory = pythonDirectory();
    List<String> command = new ArrayList<>();
    command.add(PYTHON);
    Collections.addAll(command, args);
    Path stdout;
    Path stderr;
    try {
      Path runs = Files.createDirectories(directory.resolve("runs"));
      stdout = Files.createTempFile(runs, "run-", ".out");
      stderr = Files.createTempFile(runs, "run-", ".err");
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create output files for " + command, e);
    }
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile());
    pythonEnvironment(builder.environment(), directory);
    builder.environment().putAll(env);
    try {
      Process process;
      try {
        process = builder.start();
      } catch (IOException e) {
        throw new IllegalStateException("Could not start " + command + ": " + e.getMessage(), e);
      }
      Processes.register(process);
      boolean finished;
      try {
        finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Processes.kill(process);
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while running " + command, e);
      }
      if (!finished) {
        Processes.kill(process);
      } else {
        Processes.unregister(process);
      }
      String err = Processes.readQuietly(stderr);
      if (!finished) {
        err += "\n[celery-api-test] killed after timeout " + timeout + ": " + command + "\n";
      }
      return new PythonRun(process.exitValue(), Processes.readQuietly(stdout), err);
    } finally {
      deleteQuietly(stdout);
      deleteQuietly(stderr);
    }
  }

  /**
   * Runs the Celery command line: {@code python3 -m celery -b brokerUrl <args>}.
   *
   * @param brokerUrl the broker URL
   * @param timeout the maximum run time
   * @param args the celery arguments, e.g. {@code "inspect", "ping"}
   * @return exit code, stdout and stderr
   */
  public static PythonRun celery(String brokerUrl, Duration timeout, String... args) {
    List<String> all = new ArrayList<>(List.of("-m", "celery", "-b", brokerUrl));
    Collections.addAll(all, args);
    return run(timeout, Map.of(), all.toArray(String[]::new));
  }

  /**
   * Sends one task with the bundled {@code peer_client.py}, which prints one JSON line: {@code
   * {"id"}} (when {@code "wait": false}), {@code {"id","status":"SUCCESS","result"}} or {@code
   * {"id","status","exc_class","exc_module","message","args"}} (status is the task state or {@code
   * TIMEOUT}).
   *
   * @param brokerUrl the broker URL
   * @param backendUrl the result backend URL
   * @param requestJson {@code {"task", "args", "kwargs", "options", "timeout", "wait"}}
   * @param timeout the maximum run time of the client process
   * @return exit code, stdout (the JSON line) and stderr
   */
  public static PythonRun call(
      String brokerUrl, String backendUrl, String requestJson, Duration timeout) {
    return run(
        timeout,
        Map.of("PEER_BROKER", brokerUrl, "PEER_BACKEND", backendUrl),
        "peer_client.py",
        requestJson);
  }

  /** Returns the directory holding the extracted Python files (extracting them on first use). */
  static synchronized Path pythonDirectory() {
    Path existing = pythonDirectory;
    if (existing != null && Files.isDirectory(existing)) {
      return existing;
    }
    try {
      Path directory = Files.createTempDirectory("celery-api-python-");
      Processes.registerDirectory(directory);
      for (String file : PYTHON_FILES) {
        try (InputStream in = PythonCelery.class.getResourceAsStream(RESOURCE_DIRECTORY + file)) {
          if (in == null) {
            throw new IllegalStateException("missing resource " + RESOURCE_DIRECTORY + file);
          }
          Files.copy(in, directory.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      pythonDirectory = directory;
      return directory;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not extract the bundled Python files", e);
    }
  }

  private static boolean checkAvailable() {
    if (!Files.isExecutable(Path.of(PYTHON))) {
      return false;
    }
    try {
      Process process =
          new ProcessBuilder(PYTHON, "-c", "import celery")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      Processes.register(process);
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          Processes.kill(process);
          return false;
        }
      } finally {
        Processes.unregister(process);
      }
      return process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void pythonEnvironment(Map<String, String> env, Path directory) {
    env.put("PYTHONPATH", directory.toString());
    env.put("PYTHONUNBUFFERED", "1");
    env.put("PYTHONDONTWRITEBYTECODE", "1");
  }

  private static boolean choosesPool(String... args) {
    for (String arg : args) {
      if (arg.equals("-P") || arg.equals("--pool") || arg.startsWith("--pool=")
          || (arg.startsWith("-P") && arg.length() > 2)) {
        return true;
      }
    }
    return false;
  }

  private static synchronized String localHostName() {
    String name = localHostName;
    if (name == null) {
      try {
        name = InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        name = "localhost";
      }
      localHostName = name;
    }
    return name;
  }

  private static File nullFile() {
    return new File("/dev/null");
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // the directory is deleted at JVM exit
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the Celery worker", e);
    }
  }
}
