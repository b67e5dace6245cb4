package io.celeryapi.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisServerExtension.class)
class RedisServerExtensionTest {

  @Test
  void injectsTheSharedServer(RedisServer redis) {
    assertSame(RedisServerExtension.shared(), redis);
    assertTrue(redis.isRunning());
    assertEquals("PONG", redis.command("PING"));
  }
}
