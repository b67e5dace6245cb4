package io.celeryapi.test;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension providing one {@link RedisServer} shared by all tests of the JVM.
 *
 * <p>The server is started lazily on first use (or by {@link #shared()}, e.g. from a static
 * {@code @DynamicPropertySource} method), registered in the root {@link ExtensionContext.Store} so
 * that it is stopped when the test run ends, and injected into parameters of type {@link
 * RedisServer}. Before each test class the server is restarted (same port) if a previous test
 * killed it.
 */
public class RedisServerExtension implements BeforeAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(RedisServerExtension.class);

  private static final Object LOCK = new Object();

  private static @Nullable RedisServer shared;

  /** Creates the extension (instantiated by JUnit). */
  public RedisServerExtension() {}

  /**
   * Returns the shared server of this JVM, starting it on a free port if not started yet.
   *
   * @return the shared server
   */
  public static RedisServer shared() {
    synchronized (LOCK) {
      RedisServer server = shared;
      if (server == null) {
        server = RedisServer.start();
        shared = server;
      }
      return server;
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    RedisServer server = register(context);
    synchronized (LOCK) {
      if (!server.isRunning()) {
        server.restart();
      }
    }
  }

  @Override
  public boolean supportsParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == RedisServer.class;
  }

  @Override
  public Object resolveParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    return register(extensionContext);
  }

  private static RedisServer register(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .computeIfAbsent(SharedServer.class.getName(), key -> new SharedServer(), SharedServer.class)
        .server();
  }

  /** Root-store entry: closing it (at the end of the test run) stops the shared server. */
  private static final class SharedServer implements AutoCloseable {

    private final RedisServer server = shared();

    RedisServer server() {
      return server;
    }

    @Override
    public void close() {
      synchronized (LOCK) {
        if (shared == server) {
          shared = null;
        }
      }
      server.close();
    }
  }
}
