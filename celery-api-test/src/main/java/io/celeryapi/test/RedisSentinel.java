package io.celeryapi.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A real Redis Sentinel ({@code redis-server --sentinel}) on a free port of {@code 127.0.0.1},
 * monitoring one master, for integration tests.
 *
 * <p>{@link #start()} starts a master {@link RedisServer} of its own (stopped by {@link #close()});
 * {@link #start(RedisServer, String)} monitors a given master (left running by {@link #close()}).
 * The sentinel is ready once it reports the master's address. A JVM shutdown hook destroys any
 * process still running.
 */
public final class RedisSentinel implements AutoCloseable {

  /** The master name {@link #start()} uses. */
  public static final String DEFAULT_MASTER_NAME = "mymaster";

  private static final String HOST = "127.0.0.1";

  private static final long START_TIMEOUT_MILLIS = 10_000;

  private static final long STOP_TIMEOUT_MILLIS = 5_000;

  private static final int COMMAND_TIMEOUT_MILLIS = 30_000;

  private final RedisServer master;

  private final boolean ownsMaster;

  private final String masterName;

  private final int port;

  private final Path directory;

  private final Path logFile;

  private @Nullable Process process;

  private boolean closed;

  private RedisSentinel(
      RedisServer master, boolean ownsMaster, String masterName, int port, Path directory) {
    this.master = master;
    this.ownsMaster = ownsMaster;
    this.masterName = masterName;
    this.port = port;
    this.directory = directory;
    this.logFile = directory.resolve("sentinel.log");
  }

  /**
   * Starts a master {@link RedisServer} and a sentinel monitoring it as {@value
   * #DEFAULT_MASTER_NAME}, each on a free port, and waits until the sentinel knows the master.
   *
   * @return the running sentinel; {@link #close()} also stops the master
   */
  public static RedisSentinel start() {
    RedisServer master = RedisServer.start();
    try {
      return start(master, DEFAULT_MASTER_NAME, true);
    } catch (RuntimeException | Error e) {
      master.close();
      throw e;
    }
  }

  /**
   * Starts a sentinel on a free port monitoring the given (plain TCP) master, and waits until it
   * knows the master. A master with a {@link RedisServer#password() password} is monitored with
   * {@code sentinel auth-pass}.
   *
   * @param master the master
   * @param masterName the name the sentinel gives the master
   * @return the running sentinel; {@link #close()} leaves the master running
   */
  public static RedisSentinel start(RedisServer master, String masterName) {
    return start(master, masterName, false);
  }

  private static RedisSentinel start(RedisServer master, String masterName, boolean ownsMaster) {
    if (master.isTls()) {
      throw new IllegalArgumentException("RedisSentinel does not monitor TLS masters");
    }
    int port = RedisServer.freePort();
    Path directory;
    try {
      directory = Files.createTempDirectory("celery-api-sentinel-" + port + "-");
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create a temporary directory for Sentinel", e);
    }
    Processes.registerDirectory(directory);
    RedisSentinel sentinel = new RedisSentinel(master, ownsMaster, masterName, port, directory);
    try {
      sentinel.launch();
    } catch (RuntimeException | Error e) {
      sentinel.closeSentinel();
      throw e;
    }
    return sentinel;
  }

  /** Returns the sentinel's TCP port. */
  public int port() {
    return port;
  }

  /** Returns the host the sentinel is bound to: {@code 127.0.0.1}. */
  public String host() {
    return HOST;
  }

  /** Returns the monitored master. */
  public RedisServer master() {
    return master;
  }

  /** Returns the name the sentinel gives the master. */
  public String masterName() {
    return masterName;
  }

  /** Returns Celery's form of the sentinel address: {@code sentinel://127.0.0.1:PORT}. */
  public String url() {
    return "sentinel://" + HOST + ":" + port;
  }

  /**
   * Returns Lettuce's form of the sentinel address and master: {@code
   * redis-sentinel://127.0.0.1:PORT/DB#MASTER}.
   *
   * @param db the database number
   * @return the URL
   */
  public String lettuceUrl(int db) {
    return "redis-sentinel://" + HOST + ":" + port + "/" + db + "#" + masterName;
  }

  /** Returns the content of the sentinel's log so far. */
  public String log() {
    return Processes.readQuietly(logFile);
  }

  /** Returns whether the sentinel process is alive. */
  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /**
   * Sends one command to the sentinel over a fresh connection and returns its reply rendered as
   * text, as {@link RedisServer#command(String...)} does.
   *
   * @param args the command and its arguments
   * @return the rendered reply
   */
  public @Nullable String command(String... args) {
    return Resp.render(Resp.execute(HOST, port, COMMAND_TIMEOUT_MILLIS, args));
  }

  /**
   * Stops the sentinel (SIGTERM, up to 5 s, then SIGKILL) and deletes its temporary directory, and
   * closes the master if {@link #start()} started it. Idempotent.
   */
  @Override
  public synchronized void close() {
    closeSentinel();
    if (ownsMaster) {
      master.close();
    }
  }

  @Override
  public String toString() {
    return "RedisSentinel[" + url() + ", master " + masterName + "=" + master + "]";
  }

  private synchronized void closeSentinel() {
    Process p = process;
    if (p != null) {
      Processes.terminate(p, STOP_TIMEOUT_MILLIS);
    }
    closed = true;
    try {
      Processes.deleteRecursively(directory);
      Processes.unregisterDirectory(directory);
    } catch (UncheckedIOException e) {
      // left to the shutdown hook
    }
  }

  private synchronized void launch() {
    if (closed) {
      throw new IllegalStateException("RedisSentinel on port " + port + " is closed");
    }
    RedisServer.ensurePortFree(port);
    Path config = directory.resolve("sentinel.conf");
    List<String> lines = new ArrayList<>();
    lines.add("port " + port);
    lines.add("bind " + HOST);
    lines.add("protected-mode no");
    lines.add("dir \"" + directory + "\"");
    lines.add("sentinel monitor " + masterName + " " + HOST + " " + master.port() + " 1");
    lines.add("sentinel down-after-milliseconds " + masterName + " 5000");
    lines.add("sentinel failover-timeout " + masterName + " 10000");
    String password = master.password();
    if (password != null) {
      lines.add("sentinel auth-pass " + masterName + " " + password);
    }
    try {
      // Sentinel rewrites its configuration file: it must be writable.
      Files.write(config, lines);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write " + config, e);
    }
    ProcessBuilder builder =
        new ProcessBuilder(RedisServer.resolveBinary().toString(), config.toString(), "--sentinel")
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    Process p;
    try {
      p = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("Could not start Redis Sentinel: " + e.getMessage(), e);
    }
    Processes.register(p);
    process = p;
    String expected = HOST + "\n" + master.port();
    long deadline = System.nanoTime() + START_TIMEOUT_MILLIS * 1_000_000;
    Object last = null;
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        Processes.unregister(p);
        throw new IllegalStateException(
            "Redis Sentinel on port "
                + port
                + " exited with code "
                + p.exitValue()
                + " before knowing its master. Log:\n"
                + log());
      }
      try {
        last = command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", masterName);
        if (expected.equals(last)) {
          return;
        }
      } catch (RuntimeException e) {
        last = e;
      }
      sleep(50);
    }
    Processes.kill(p);
    throw new IllegalStateException(
        "Redis Sentinel on port "
            + port
            + " did not report master "
            + masterName
            + " within "
            + START_TIMEOUT_MILLIS
            + " ms (last reply: "
            + last
            + "). Log:\n"
            + log());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Redis Sentinel", e);
    }
  }
}
