package io.celeryapi.test;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code redis-server} process bound to {@code 127.0.0.1} on a dedicated port, for
 * integration tests.
 *
 * <p>The binary is {@code redis-server} from the {@code PATH} when installed, otherwise the one
 * bundled in {@code com.github.codemonstur:embedded-redis}; the system property or environment
 * variable {@value #BINARY_PROPERTY} forces a path. Persistence is disabled. A JVM shutdown hook
 * destroys any process still running.
 *
 * <p>{@link #builder()} starts servers that need a password ({@code requirepass}), ACL users or
 * TLS: {@link #startTls()} generates a throw-away certificate authority and server certificate
 * with the {@code openssl} command and serves TLS only ({@code --port 0 --tls-port N}, clients
 * are not asked for certificates). The helper methods of this class ({@link #command}, {@link
 * #get}, ...) authenticate and use TLS as needed.
 */
public final class RedisServer implements AutoCloseable {

  /** System property / environment variable that forces the {@code redis-server} binary. */
  public static final String BINARY_PROPERTY = "CELERY_API_REDIS_BINARY";

  private static final String HOST = "127.0.0.1";

  private static final long START_TIMEOUT_MILLIS = 10_000;

  private static final long STOP_TIMEOUT_MILLIS = 5_000;

  private static final int COMMAND_TIMEOUT_MILLIS = 30_000;

  private static @Nullable Path extractedBinary;

  private static @Nullable String tlsProbe;

  private final int port;

  private final Path binary;

  private final Path directory;

  private final Path logFile;

  private final @Nullable Tls tls;

  private final @Nullable String password;

  private final List<String> extraArgs;

  private final Resp.Target target;

  private @Nullable Process process;

  private boolean closed;

  private RedisServer(
      int port,
      Path binary,
      Path directory,
      @Nullable Tls tls,
      @Nullable String password,
      List<String> extraArgs) {
    this.port = port;
    this.binary = binary;
    this.directory = directory;
    this.logFile = directory.resolve("redis-server.log");
    this.tls = tls;
    this.password = password;
    this.extraArgs = List.copyOf(extraArgs);
    this.target =
        new Resp.Target(
            HOST,
            port,
            (tls != null) ? tls.socketFactory() : null,
            (password != null) ? List.of(password) : List.of());
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
    return builder().port(port).start();
  }

  /**
   * Starts a TLS-only Redis server on a free port of {@code 127.0.0.1}, with a freshly generated
   * certificate authority ({@link #caCertificate()}) and server certificate (for {@code
   * 127.0.0.1} and {@code localhost}), and waits until it answers PING. Needs the {@code openssl}
   * command and a {@code redis-server} built with TLS (see {@link #assumeTlsAvailable()}).
   *
   * @return the running server; {@link #tlsUrl()} is its {@code rediss://} URL
   */
  public static RedisServer startTls() {
    return builder().tls().start();
  }

  /**
   * Returns a builder of servers with a password, ACL users, TLS or other settings.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Skips the calling test (a JUnit assumption) unless TLS servers can be started here: the
   * {@code openssl} command is on the {@code PATH} and the {@code redis-server} binary is built
   * with TLS. With the environment variable {@code CI=true} it fails instead of skipping.
   */
  public static void assumeTlsAvailable() {
    String missing = tlsUnavailableReason();
    if (missing == null) {
      return;
    }
    if ("true".equals(System.getenv("CI"))) {
      throw new AssertionError("CI=true requires TLS support: " + missing);
    }
    Assumptions.assumeTrue(false, missing + "; test skipped");
  }

  /**
   * Returns why TLS servers cannot be started here, or {@code null} if they can.
   *
   * @return the reason, or {@code null}
   */
  public static synchronized @Nullable String tlsUnavailableReason() {
    if (tlsProbe == null) {
      tlsProbe = probeTls();
    }
    return tlsProbe.isEmpty() ? null : tlsProbe;
  }

  /** Returns the TCP port. */
  public int port() {
    return port;
  }

  /** Returns the host the server is bound to: {@code 127.0.0.1}. */
  public String host() {
    return HOST;
  }

  /**
   * Returns {@code redis://127.0.0.1:PORT/0} ({@code rediss://} for a TLS server), without
   * credentials.
   */
  public String url() {
    return url(0);
  }

  /**
   * Returns {@code redis://127.0.0.1:PORT/DB} ({@code rediss://} for a TLS server), without
   * credentials.
   *
   * @param db the database number
   * @return the URL
   */
  public String url(int db) {
    return scheme() + HOST + ":" + port + "/" + db;
  }

  /**
   * Returns {@code redis://[USERNAME]:PASSWORD@127.0.0.1:PORT/DB} ({@code rediss://} for a TLS
   * server), the user name and password URL-encoded.
   *
   * @param username the ACL user, or {@code null} for the default user
   * @param password the password
   * @param db the database number
   * @return the URL
   */
  public String url(@Nullable String username, String password, int db) {
    String user = (username != null) ? encode(username) : "";
    return scheme() + user + ":" + encode(password) + "@" + HOST + ":" + port + "/" + db;
  }

  /** Returns {@code rediss://127.0.0.1:PORT/0} of a TLS server. */
  public String tlsUrl() {
    return tlsUrl(0);
  }

  /**
   * Returns {@code rediss://127.0.0.1:PORT/DB} of a TLS server.
   *
   * @param db the database number
   * @return the URL
   * @throws IllegalStateException if the server does not serve TLS
   */
  public String tlsUrl(int db) {
    requireTls();
    return url(db);
  }

  /** Returns whether the server serves TLS (and only TLS) on {@link #port()}. */
  public boolean isTls() {
    return tls != null;
  }

  /**
   * Returns the PEM file of the throw-away certificate authority that signed the server
   * certificate of a TLS server: the trust anchor clients need.
   *
   * @return the CA certificate file
   * @throws IllegalStateException if the server does not serve TLS
   */
  public Path caCertificate() {
    return requireTls().ca();
  }

  /**
   * Returns the PEM file of the server certificate of a TLS server (signed by {@link
   * #caCertificate()}, for {@code 127.0.0.1} and {@code localhost}).
   *
   * @return the certificate file
   * @throws IllegalStateException if the server does not serve TLS
   */
  public Path certificate() {
    return requireTls().certificate();
  }

  /**
   * Returns the PEM file of the private key of {@link #certificate()}.
   *
   * @return the key file
   * @throws IllegalStateException if the server does not serve TLS
   */
  public Path privateKey() {
    return requireTls().key();
  }

  /**
   * Returns an SSL context that trusts {@link #caCertificate()} only.
   *
   * @return the SSL context
   * @throws IllegalStateException if the server does not serve TLS
   */
  public SSLContext sslContext() {
    return requireTls().context();
  }

  /** Returns the {@code requirepass} password of the default user, or {@code null}. */
  public @Nullable String password() {
    return password;
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

  /**
   * Returns how many times each command has run on this server so far ({@code INFO
   * commandstats}), by the lower-case name Redis reports.
   *
   * @return calls by command
   */
  public Map<String, Long> commandCalls() {
    Map<String, Long> calls = new LinkedHashMap<>();
    String info = command("INFO", "commandstats");
    if (info == null) {
      return calls;
    }
    for (String line : info.split("\r?\n")) {
      // cmdstat_brpop:calls=12,usec=...
      if (line.startsWith("cmdstat_")) {
        int start = line.indexOf("calls=") + "calls=".length();
        calls.put(
            line.substring("cmdstat_".length(), line.indexOf(':')),
            Long.parseLong(line.substring(start, line.indexOf(',', start))));
      }
    }
    return calls;
  }

  @Override
  public String toString() {
    return "RedisServer[" + url() + ", running=" + isRunning() + "]";
  }

  private @Nullable Object execute(String... args) {
    return Resp.execute(target, COMMAND_TIMEOUT_MILLIS, args);
  }

  private String scheme() {
    return (tls != null) ? "rediss://" : "redis://";
  }

  private Tls requireTls() {
    Tls files = tls;
    if (files == null) {
      throw new IllegalStateException(this + " does not serve TLS; start it with startTls()");
    }
    return files;
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
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
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    Tls files = tls;
    if (files == null) {
      command.addAll(List.of("--port", Integer.toString(port)));
    } else {
      command.addAll(
          List.of(
              "--port",
              "0",
              "--tls-port",
              Integer.toString(port),
              "--tls-cert-file",
              files.certificate().toString(),
              "--tls-key-file",
              files.key().toString(),
              "--tls-ca-cert-file",
              files.ca().toString(),
              "--tls-auth-clients",
              "no"));
    }
    command.addAll(
        List.of(
            "--bind",
            HOST,
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            directory.toString(),
            "--protected-mode",
            "no"));
    if (password != null) {
      command.addAll(List.of("--requirepass", password));
    }
    command.addAll(extraArgs);
    ProcessBuilder builder =
        new ProcessBuilder(command)
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
        if ("PONG".equals(Resp.execute(target, 1_000, "PING"))) {
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

  static void ensurePortFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
    } catch (IOException e) {
      throw new IllegalStateException(
          "Port " + port + " on " + HOST + " is already in use: " + e.getMessage(), e);
    }
  }

  static Path resolveBinary() {
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
    Path onPath = findOnPath("redis-server");
    if (onPath != null) {
      return onPath;
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

  /** Finds what is missing for TLS servers, or returns an empty string. */
  private static String probeTls() {
    if (findOnPath("openssl") == null) {
      return "the openssl command is not on the PATH";
    }
    Path redis;
    try {
      redis = resolveBinary();
    } catch (RuntimeException e) {
      return e.getMessage();
    }
    // A TLS build exits with "not listen anywhere"; other builds reject the tls-port directive.
    try {
      Process p =
          new ProcessBuilder(
                  redis.toString(), "--port", "0", "--tls-port", "0", "--save", "", "--appendonly",
                  "no")
              .redirectErrorStream(true)
              .start();
      Processes.register(p);
      try {
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          return redis + " did not answer the TLS probe";
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (output.contains("tls-port") || output.contains("Bad directive")) {
          return redis + " is not built with TLS";
        }
        return "";
      } finally {
        Processes.kill(p);
      }
    } catch (IOException e) {
      return "could not run " + redis + ": " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted while probing TLS support";
    }
  }

  private static @Nullable Path findOnPath(String name) {
    String pathVariable = System.getenv("PATH");
    if (pathVariable == null) {
      return null;
    }
    for (String entry : pathVariable.split(File.pathSeparator)) {
      if (entry.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(entry, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /** Settings of a server to start; {@link #start()} starts it. */
  public static final class Builder {

    private int port;

    private boolean tls;

    private @Nullable String password;

    private final List<String> args = new ArrayList<>();

    private Builder() {}

    /**
     * Sets the TCP port (the TLS port of a TLS server); by default a free one.
     *
     * @param port the port
     * @return this builder
     */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /**
     * Serves TLS only, with a freshly generated certificate authority and server certificate.
     *
     * @return this builder
     */
    public Builder tls() {
      this.tls = true;
      return this;
    }

    /**
     * Requires the password for the default user ({@code --requirepass}).
     *
     * @param password the password, without spaces
     * @return this builder
     */
    public Builder requirePass(String password) {
      this.password = password;
      return this;
    }

    /**
     * Adds an ACL user allowed everything ({@code --user NAME on >PASSWORD ~* &* +@all}).
     *
     * @param name the user name
     * @param password the password, without spaces
     * @return this builder
     */
    public Builder user(String name, String password) {
      return arg("--user", name, "on", ">" + password, "~*", "&*", "+@all");
    }

    /**
     * Adds {@code redis-server} command-line arguments.
     *
     * @param args the arguments, e.g. {@code "--maxmemory", "10mb"}
     * @return this builder
     */
    public Builder arg(String... args) {
      this.args.addAll(List.of(args));
      return this;
    }

    /**
     * Starts the server and waits until it answers PING.
     *
     * @return the running server
     */
    public RedisServer start() {
      int chosen = (port > 0) ? port : freePort();
      Path directory;
      try {
        directory = Files.createTempDirectory("celery-api-redis-" + chosen + "-");
      } catch (IOException e) {
        throw new UncheckedIOException("Could not create a temporary directory for Redis", e);
      }
      Processes.registerDirectory(directory);
      RedisServer server = null;
      try {
        Tls files = tls ? Tls.generate(directory.resolve("tls")) : null;
        server = new RedisServer(chosen, resolveBinary(), directory, files, password, args);
        server.launch();
      } catch (RuntimeException | Error e) {
        if (server != null) {
          server.close();
        } else {
          Processes.deleteRecursively(directory);
          Processes.unregisterDirectory(directory);
        }
        throw e;
      }
      return server;
    }
  }

  /** The PEM files of a TLS server and an SSL context trusting its CA. */
  private record Tls(Path ca, Path certificate, Path key, SSLContext context) {

    SSLSocketFactory socketFactory() {
      return context.getSocketFactory();
    }

    static Tls generate(Path directory) {
      if (findOnPath("openssl") == null) {
        throw new IllegalStateException(
            "TLS Redis servers need the openssl command on the PATH (apt-get install openssl)");
      }
      try {
        Files.createDirectories(directory);
        Path ca = directory.resolve("ca.crt");
        Path caKey = directory.resolve("ca.key");
        Path key = directory.resolve("redis.key");
        Path request = directory.resolve("redis.csr");
        Path certificate = directory.resolve("redis.crt");
        Path extensions = directory.resolve("redis.ext");
        Files.writeString(
            extensions,
            "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                + "basicConstraints=CA:FALSE\n"
                + "keyUsage=digitalSignature,keyEncipherment\n"
                + "extendedKeyUsage=serverAuth\n");
        openssl(directory, "req", "-x509", "-newkey", "ec", "-pkeyopt",
            "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", caKey.toString(), "-out",
            ca.toString(), "-days", "2", "-subj", "/CN=celery-api-test throw-away CA");
        openssl(directory, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-nodes", "-keyout", key.toString(), "-out", request.toString(), "-subj",
            "/CN=127.0.0.1");
        openssl(directory, "x509", "-req", "-in", request.toString(), "-CA", ca.toString(),
            "-CAkey", caKey.toString(), "-set_serial", Long.toString(System.nanoTime()), "-out",
            certificate.toString(), "-days", "2", "-extfile", extensions.toString());
        return new Tls(ca, certificate, key, trusting(ca));
      } catch (IOException e) {
        throw new UncheckedIOException("Could not generate TLS certificates in " + directory, e);
      }
    }

    private static void openssl(Path directory, String... args) throws IOException {
      List<String> command = new ArrayList<>();
      command.add("openssl");
      command.addAll(List.of(args));
      Path output = directory.resolve("openssl.log");
      Process p =
          new ProcessBuilder(command)
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
              .start();
      Processes.register(p);
      try {
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
          throw new IllegalStateException(
              "openssl " + String.join(" ", args) + " failed:\n" + Processes.readQuietly(output));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while running openssl", e);
      } finally {
        Processes.kill(p);
      }
    }

    private static SSLContext trusting(Path ca) throws IOException {
      try (InputStream in = Files.newInputStream(ca)) {
        Certificate certificate = CertificateFactory.getInstance("X.509").generateCertificate(in);
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("ca", certificate);
        TrustManagerFactory trust =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("Could not load the generated CA " + ca, e);
      }
    }
  }
}
