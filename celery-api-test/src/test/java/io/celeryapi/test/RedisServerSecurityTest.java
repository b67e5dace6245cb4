package io.celeryapi.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisServerSecurityTest {

  @Test
  void tlsServerServesTlsOnlyAndTrustsItsOwnCa() {
    RedisServer.assumeTlsAvailable();
    RedisServer redis = RedisServer.startTls();
    try {
      assertTrue(redis.isTls());
      assertTrue(redis.port() > 0 && redis.port() != 6379 && redis.port() != 6380);
      assertEquals("rediss://127.0.0.1:" + redis.port() + "/0", redis.tlsUrl());
      assertEquals("rediss://127.0.0.1:" + redis.port() + "/2", redis.url(2));
      assertTrue(Files.readString(redis.caCertificate()).contains("BEGIN CERTIFICATE"));
      assertTrue(Files.isRegularFile(redis.certificate()));
      assertTrue(Files.isRegularFile(redis.privateKey()));
      assertEquals("PONG", redis.command("PING"));
      assertEquals("OK", redis.command("SET", "k", "v"));
      assertEquals("v", redis.get("k"));
      // plain TCP gets no answer from a TLS port
      assertThrows(
          UncheckedIOException.class, () -> Resp.execute(redis.host(), redis.port(), 1_000, "PING"));
      redis.kill();
      redis.restart();
      assertEquals("PONG", redis.command("PING"));
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      redis.close();
    }
    assertFalse(redis.isRunning());
  }

  @Test
  void plainServerHasNoTlsMaterial() {
    try (RedisServer redis = RedisServer.start()) {
      assertFalse(redis.isTls());
      assertThrows(IllegalStateException.class, redis::tlsUrl);
      assertThrows(IllegalStateException.class, redis::caCertificate);
    }
  }

  @Test
  void passwordAndAclUser() {
    try (RedisServer redis =
        RedisServer.builder().requirePass("s3cret").user("alice", "p@ss:w?rd").start()) {
      assertEquals("s3cret", redis.password());
      // the helpers authenticate as the default user
      assertEquals("PONG", redis.command("PING"));
      Object anonymous = Resp.execute(redis.host(), redis.port(), 1_000, "GET", "x");
      assertTrue(
          anonymous instanceof Resp.Error error && error.message().startsWith("NOAUTH"),
          "unauthenticated commands are refused: " + anonymous);
      Object wrong =
          Resp.execute(
              new Resp.Target(redis.host(), redis.port(), null, List.of("nope")),
              1_000,
              "PING");
      assertTrue(wrong instanceof Resp.Error error && error.message().startsWith("WRONGPASS"));
      assertEquals(
          "alice",
          Resp.execute(
              new Resp.Target(redis.host(), redis.port(), null, List.of("alice", "p@ss:w?rd")),
              1_000,
              "ACL",
              "WHOAMI"));
      assertEquals(
          "redis://alice:p%40ss%3Aw%3Frd@127.0.0.1:" + redis.port() + "/1",
          redis.url("alice", "p@ss:w?rd", 1));
      assertEquals("redis://:s3cret@127.0.0.1:" + redis.port() + "/0", redis.url(null, "s3cret", 0));
    }
  }
}
