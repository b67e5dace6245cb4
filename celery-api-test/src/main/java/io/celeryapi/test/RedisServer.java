package io.celeryapi.test;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A real {@code redis-server} process bound to {@code 127.0.0.1} on a dedicated port, for
 * integration tests.
 *
 * <p>The binary is {@code redis-server} from the {@code PATH} when installed, otherwise the one
 * bundled in {@code com.github.codemonstur:embedded-redis}; the system property or environment
 * variable {@value #BINARY_PROPERTY} forces a path. Persistence is disabled. A JVM shutdown hook
 * destroys any process still running.
 */
public final class RedisServer implements AutoCloseable {

  /** System property / environment variable that forces the {@code redis-server} binary. */
  public static final String BINARY_PROPERTY = "CELERY_API_REDIS_BINARY";

  private static final String HOST = "127.0.0.1";

  private static final long START_TIMEOUT_MILLIS = 10_000;

  private static final long STOP_TIMEOUT_MILLIS = 5_000;

  private static final int COMMAND_TIMEOUT_MILLIS = 30_000;

  private static @Nullable Path extractedBinary;

  private final int port;

  private final Path binary;

  private final Path directory;

  private final Path logFile;

  private @Nullable Process process;

  private boolean closed;

  private RedisServer(int port, Path binary, Path directory) {
    this.port = port;
    this.binary = binary;
    this.directory = directory;
    this.logFile = directory.resolve("redis-server.log");
  }

  /**
   * Starts a Redis server on a free port of {@code 127.0.0.1} and waits until it answers PING.
   *
   * @return the running server
   */
  public static RedisServer start() {
    return start(freePort());
  }

  /**
   * Starts a Redis server on the given port of {@code 127.0.0.1} and waits until it answers PING.
   *
   * @param port the TCP port
   * @return the running server
   */
  public static RedisServer start(int port) {
    Path directory;
    try {
      directory = Files.createTempDirectory("celery-api-redis-" + port + "-");
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create a temporary directory for Redis", e);
    }
    Processes.registerDirectory(directory);
    RedisServer server = new RedisServer(port, resolveBinary(), directory);
    try {
      server.launch();
    } catch (RuntimeException | Error e) {
      server.close();
      throw e;
    }
    return server;
  }

  /** Returns the TCP port. */
  public int port() {
    return port;
  }

  /** Returns the host the server is bound to: {@code 127.0.0.1}. */
  public String host() {
    return HOST;
  }

  /** Returns {@code redis://127.0.0.1:PORT/0}. */
  public String url() {
    return url(0);
  }

  /**
   * Returns {@code redis://127.0.0.1:PORT/DB}.
   *
   * @param db the database number
   * @return the URL
   */
  public String url(int db) {
    return "redis://" + HOST + ":" + port + "/" + db;
  }

  /** Returns the {@code redis-server} binary in use. */
  public Path binary() {
    return binary;
  }

  /** Returns the content of the server's log (its stdout and stderr) so far. */
  public String log() {
    return Processes.readQuietly(logFile);
  }

  /** Returns whether the server process is alive. */
  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Stops the server gracefully: SIGTERM, up to 5 s, then SIGKILL. */
  public synchronized void stop() {
    Process p = process;
    if (p != null) {
      Processes.terminate(p, STOP_TIMEOUT_MILLIS);
    }
  }

  /** Kills the server immediately (SIGKILL) and waits for it to exit. */
  public synchronized void kill() {
    Process p = process;
    if (p != null) {
      Processes.kill(p);
    }
  }

  /**
   * Starts the server again on the same port (stopping it first if it still runs) and waits until
   * it answers PING.
   */
  public synchronized void restart() {
    if (closed) {
      throw new IllegalStateException("RedisServer on port " + port + " is closed");
    }
    stop();
    launch();
  }

  /** Stops the server and deletes its temporary directory. Idempotent. */
  @Override
  public synchronized void close() {
    stop();
    closed = true;
    try {
      Processes.deleteRecursively(directory);
      Processes.unregisterDirectory(directory);
    } catch (UncheckedIOException e) {
      // left to the shutdown hook
    }
  }

  /**
   * Sends one command over a fresh connection and returns its reply rendered as text: simple
   * strings as their text, errors as {@code "-" + message}, integers in decimal, bulk strings as
   * the string ({@code null} for nil), arrays as their (flattened) elements joined with {@code
   * "\n"} (nil elements as empty strings, a nil array as {@code null}).
   *
   * @param args the command and its arguments, sent as UTF-8 bulk strings
   * @return the rendered reply
   */
  public @Nullable String command(String... args) {
    return Resp.render(execute(args));
  }

  /**
   * Returns the length of a list ({@code LLEN}).
   *
   * @param key the key
   * @return the length, 0 if the key does not exist
   */
  public long llen(String key) {
    Object reply = checked(execute("LLEN", key));
    if (reply instanceof Long length) {
      return length;
    }
    throw new IllegalStateException("unexpected LLEN reply: " + reply);
  }

  /** Deletes all keys of all databases ({@code FLUSHALL}). */
  public void flushAll() {
    checked(execute("FLUSHALL"));
  }

  /**
   * Returns all elements of a list ({@code LRANGE key 0 -1}), in the order Redis returns them.
   *
   * @param key the key
   * @return the elements, empty if the key does not exist
   */
  public List<String> lrange(String key) {
    Object reply = checked(execute("LRANGE", key, "0", "-1"));
    List<String> result = new ArrayList<>();
    if (reply instanceof List<?> list) {
      for (Object element : list) {
        result.add(String.valueOf(element));
      }
      return Collections.unmodifiableList(result);
    }
    throw new IllegalStateException("unexpected LRANGE reply: " + reply);
  }

  /**
   * Returns the value of a string key ({@code GET}).
   *
   * @param key the key
   * @return the value, or {@code null} if the key does not exist
   */
  public @Nullable String get(String key) {
    Object reply = checked(execute("GET", key));
    return reply == null ? null : reply.toString();
  }

  /**
   * Returns all fields and values of a hash ({@code HGETALL}), in the order Redis returns them.
   *
   * @param key the key
   * @return the fields and values, empty if the key does not exist
   */
  public Map<String, String> hgetall(String key) {
    Object reply = checked(execute("HGETALL", key));
    Map<String, String> result = new LinkedHashMap<>();
    if (reply instanceof List<?> list) {
      for (int i = 0; i + 1 < list.size(); i += 2) {
        result.put(String.valueOf(list.get(i)), String.valueOf(list.get(i + 1)));
      }
      return Collections.unmodifiableMap(result);
    }
    throw new IllegalStateException("unexpected HGETALL reply: " + reply);
  }

  @Override
  public String toString() {
    return "RedisServer[" + url() + ", running=" + isRunning() + "]";
  }

  private @Nullable Object execute(String... args) {
    return Resp.execute(HOST, port, COMMAND_TIMEOUT_MILLIS, args);
  }

  private static @Nullable Object checked(@Nullable Object reply) {
    if (reply instanceof Resp.Error error) {
      throw new IllegalStateException("Redis error: " + error.message());
    }
    return reply;
  }

  private synchronized void launch() {
    if (closed) {
      throw new IllegalStateException("RedisServer on port " + port + " is closed");
    }
    // never talk to somebody else's Redis: the PING poll below must reach our own process
    ensurePortFree(port);
    ProcessBuilder builder =
        new ProcessBuilder(
                binary.toString(),
                "--port",
                Integer.toString(port),
                "--bind",
                HOST,
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                directory.toString(),
                "--protected-mode",
                "no")
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    Process p;
    try {
      p = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("Could not start " + binary + ": " + e.getMessage(), e);
    }
    Processes.register(p);
    process = p;
    long deadline = System.nanoTime() + START_TIMEOUT_MILLIS * 1_000_000;
    Exception last = null;
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        Processes.unregister(p);
        throw new IllegalStateException(
            "redis-server on port "
                + port
                + " exited with code "
                + p.exitValue()
                + " before answering PING. Log:\n"
                + log());
      }
      try {
        if ("PONG".equals(Resp.execute(HOST, port, 1_000, "PING"))) {
          return;
        }
      } catch (RuntimeException e) {
        last = e;
      }
      sleep(50);
    }
    Processes.kill(p);
    throw new IllegalStateException(
        "redis-server on port "
            + port
            + " did not answer PING within "
            + START_TIMEOUT_MILLIS
            + " ms (last error: "
            + last
            + "). Log:\n"
            + log());
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not find a free port", e);
    }
  }

  private static void ensurePortFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
    } catch (IOException e) {
      throw new IllegalStateException(
          "Port " + port + " on " + HOST + " is already in use: " + e.getMessage(), e);
    }
  }

  private static Path resolveBinary() {
    String forced = System.getProperty(BINARY_PROPERTY);
    if (forced == null || forced.isBlank()) {
      forced = System.getenv(BINARY_PROPERTY);
    }
    if (forced != null && !forced.isBlank()) {
      Path path = Path.of(forced);
      if (!Files.isExecutable(path)) {
        throw new IllegalStateException(BINARY_PROPERTY + "=" + forced + " is not executable");
      }
      return path;
    }
    String pathVariable = System.getenv("PATH");
    if (pathVariable != null) {
      for (String entry : pathVariable.split(File.pathSeparator)) {
        if (entry.isEmpty()) {
          continue;
        }
        Path candidate = Path.of(entry, "redis-server");
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    return extractBundledBinary();
  }

  static synchronized Path extractBundledBinary() {
    Path existing = extractedBinary;
    if (existing != null && Files.isExecutable(existing)) {
      return existing;
    }
    String resource = bundledResource();
    try (InputStream in = RedisServer.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "redis-server is not on the PATH and resource "
                + resource
                + " (com.github.codemonstur:embedded-redis) is not on the classpath; set "
                + BINARY_PROPERTY);
      }
      Path directory = Files.createTempDirectory("celery-api-redis-bin-");
      Processes.registerDirectory(directory);
      Path binary = directory.resolve("redis-server");
      Files.copy(in, binary, StandardCopyOption.REPLACE_EXISTING);
      if (!binary.toFile().setExecutable(true, true)) {
        throw new IllegalStateException("Could not make " + binary + " executable");
      }
      extractedBinary = binary;
      return binary;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not extract " + resource, e);
    }
  }

  private static String bundledResource() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    boolean arm = arch.equals("aarch64") || arch.startsWith("arm");
    if (os.contains("mac") || os.contains("darwin")) {
      return arm ? "/redis-server-6.2.6-v5-darwin-arm64" : "/redis-server-6.2.6-v5-darwin-amd64";
    }
    if (os.contains("linux")) {
      if (arm) {
        return "/redis-server-6.2.7-linux-arm64";
      }
      if (arch.equals("x86") || arch.equals("i386") || arch.equals("i686")) {
        return "/redis-server-6.2.7-linux-386";
      }
      return "/redis-server-6.2.6-v5-linux-amd64";
    }
    throw new IllegalStateException(
        "No bundled redis-server for " + os + "/" + arch + "; install redis or set "
            + BINARY_PROPERTY);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for redis-server", e);
    }
  }
}
