package io.celeryapi.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RedisSentinelTest {

  @Test
  void monitorsItsOwnMaster() {
    RedisSentinel sentinel = RedisSentinel.start();
    RedisServer master = sentinel.master();
    try {
      assertTrue(sentinel.isRunning());
      assertTrue(master.isRunning());
      assertTrue(sentinel.port() != 26379 && sentinel.port() != master.port());
      assertEquals("mymaster", sentinel.masterName());
      assertEquals("sentinel://127.0.0.1:" + sentinel.port(), sentinel.url());
      assertEquals(
          "redis-sentinel://127.0.0.1:" + sentinel.port() + "/3#mymaster", sentinel.lettuceUrl(3));
      assertEquals(
          "127.0.0.1\n" + master.port(),
          sentinel.command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster"));
      assertTrue(sentinel.log().contains("+monitor master mymaster"), sentinel.log());
    } finally {
      sentinel.close();
    }
    assertFalse(sentinel.isRunning());
    assertFalse(master.isRunning(), "the sentinel's own master is stopped with it");
  }

  @Test
  void monitorsAGivenMasterWithAPassword() {
    try (RedisServer master = RedisServer.builder().requirePass("secret").start()) {
      try (RedisSentinel sentinel = RedisSentinel.start(master, "other")) {
        assertEquals(
            "127.0.0.1\n" + master.port(),
            sentinel.command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "other"));
      }
      assertTrue(master.isRunning(), "a given master is left running");
    }
  }
}
