package io.celeryapi.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RedisServerTest {

  private static RedisServer redis;

  @BeforeAll
  static void startRedis() {
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @BeforeEach
  void flush() {
    redis.flushAll();
  }

  @Test
  void startsOnAFreePortAndAnswersPing() {
    assertTrue(redis.isRunning());
    assertTrue(redis.port() > 0 && redis.port() != 6379);
    assertEquals("127.0.0.1", redis.host());
    assertEquals("redis://127.0.0.1:" + redis.port() + "/0", redis.url());
    assertEquals("redis://127.0.0.1:" + redis.port() + "/3", redis.url(3));
    assertEquals("PONG", redis.command("PING"));
  }

  @Test
  void setAndGet() {
    assertEquals("OK", redis.command("SET", "k", "v"));
    assertEquals("v", redis.get("k"));
    assertEquals("v", redis.command("GET", "k"));
    assertNull(redis.get("missing"));
    assertNull(redis.command("GET", "missing"));
  }

  @Test
  void repliesAreRenderedAsText() {
    assertEquals("1", redis.command("INCR", "n"));
    assertTrue(redis.command("INCR", "n", "extra").startsWith("-ERR"));
    redis.command("RPUSH", "l", "a", "b");
    assertEquals("a\nb", redis.command("LRANGE", "l", "0", "-1"));
    assertEquals("", redis.command("LRANGE", "empty", "0", "-1"));
  }

  @Test
  void binarySafeBulkStrings() {
    String value = "héllo\r\nwörld ✓ " + "x".repeat(100_000);
    redis.command("SET", "big", value);
    assertEquals(value, redis.get("big"));
    redis.command("RPUSH", "multi", "line\r\none", "two");
    assertEquals(List.of("line\r\none", "two"), redis.lrange("multi"));
  }

  @Test
  void listsAndHashes() {
    redis.command("RPUSH", "list", "1", "2", "3");
    redis.command("LPUSH", "list", "0");
    assertEquals(4, redis.llen("list"));
    assertEquals(0, redis.llen("nothing"));
    assertEquals(List.of("0", "1", "2", "3"), redis.lrange("list"));
    assertEquals(List.of(), redis.lrange("nothing"));
    redis.command("HSET", "h", "a", "1", "b", "2");
    assertEquals(Map.of("a", "1", "b", "2"), redis.hgetall("h"));
    assertEquals(Map.of(), redis.hgetall("nothing"));
    assertThrows(IllegalStateException.class, () -> redis.lrange("h"));
  }

  @Test
  void killAndRestartKeepThePort() {
    RedisServer own = RedisServer.start();
    try {
      int port = own.port();
      own.command("SET", "k", "v");
      own.kill();
      assertFalse(own.isRunning());
      own.restart();
      assertTrue(own.isRunning());
      assertEquals(port, own.port());
      assertEquals("PONG", own.command("PING"));
      assertNull(own.get("k"), "persistence is disabled");
      own.stop();
      assertFalse(own.isRunning());
      own.restart();
      assertEquals("PONG", own.command("PING"));
    } finally {
      own.close();
    }
    assertFalse(own.isRunning());
  }

  @Test
  void logAndClose() {
    RedisServer own = RedisServer.start();
    assertTrue(own.log().contains("Ready to accept connections"), own.log());
    own.close();
    assertFalse(own.isRunning());
    own.close();
    assertThrows(IllegalStateException.class, own::restart);
  }

  @Test
  void bundledBinaryStarts() {
    String binary = RedisServer.extractBundledBinary().toString();
    String previous = System.getProperty(RedisServer.BINARY_PROPERTY);
    System.setProperty(RedisServer.BINARY_PROPERTY, binary);
    try (RedisServer bundled = RedisServer.start()) {
      assertEquals(binary, bundled.binary().toString());
      assertEquals("PONG", bundled.command("PING"));
      bundled.kill();
      bundled.restart();
      assertEquals("OK", bundled.command("SET", "a", "b"));
    } finally {
      if (previous == null) {
        System.clearProperty(RedisServer.BINARY_PROPERTY);
      } else {
        System.setProperty(RedisServer.BINARY_PROPERTY, previous);
      }
    }
  }

  @Test
  void refusesAPortInUse() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> RedisServer.start(redis.port()));
    assertTrue(e.getMessage().contains("already in use"), e.getMessage());
  }
}
