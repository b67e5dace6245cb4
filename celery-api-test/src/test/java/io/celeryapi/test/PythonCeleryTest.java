package io.celeryapi.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisServerExtension.class)
class PythonCeleryTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private static PythonWorker worker;

  private static RedisServer redis;

  @BeforeAll
  static void startWorker(RedisServer server) {
    PythonCelery.assumeAvailable();
    redis = server;
    worker = PythonCelery.startWorker(redis.url(0), redis.url(1));
  }

  @AfterAll
  static void stopWorker() {
    if (worker != null) {
      worker.close();
      assertFalse(worker.isAlive());
    }
  }

  @Test
  void workerIsReady() {
    assertTrue(worker.isAlive());
    assertTrue(worker.pid() > 0);
    assertTrue(worker.hostname().startsWith("peer-"), worker.hostname());
    assertTrue(worker.log().contains(worker.hostname() + " ready."), worker.log());
  }

  @Test
  void callAdd() {
    String out =
        PythonCelery.call(
                redis.url(0), redis.url(1), "{\"task\": \"peer.add\", \"args\": [2, 3]}", TIMEOUT)
            .stdoutOrFail();
    assertTrue(out.contains("\"status\": \"SUCCESS\""), out);
    assertTrue(out.contains("\"result\": 5"), out);
  }

  @Test
  void callFail() {
    String out =
        PythonCelery.call(
                redis.url(0),
                redis.url(1),
                "{\"task\": \"peer.fail\", \"kwargs\": {\"msg\": \"bad\"}}",
                TIMEOUT)
            .stdoutOrFail();
    assertTrue(out.contains("\"status\": \"FAILURE\""), out);
    assertTrue(out.contains("\"exc_class\": \"ValueError\""), out);
    assertTrue(out.contains("\"message\": \"bad\""), out);
  }

  @Test
  void callFailCustom() {
    String out =
        PythonCelery.call(
                redis.url(0), redis.url(1), "{\"task\": \"peer.fail_custom\"}", TIMEOUT)
            .stdoutOrFail();
    assertTrue(out.contains("\"exc_class\": \"PeerError\""), out);
    assertTrue(out.contains("\"args\": [\"custom boom\", 42]"), out);
  }

  @Test
  void callRetryOnce() {
    String out =
        PythonCelery.call(
                redis.url(0),
                redis.url(1),
                "{\"task\": \"peer.retry_once\", \"args\": [7], \"timeout\": 20}",
                TIMEOUT)
            .stdoutOrFail();
    assertTrue(out.contains("\"result\": 7"), out);
  }

  @Test
  void recordPushesOntoARedisList() {
    redis.command("DEL", "peer.recorded");
    String out =
        PythonCelery.call(
                redis.url(0),
                redis.url(1),
                "{\"task\": \"peer.record\", \"args\": [{\"a\": 1}]}",
                TIMEOUT)
            .stdoutOrFail();
    assertTrue(out.contains("\"result\": {\"a\": 1}"), out);
    assertEquals(List.of("{\"a\": 1}"), redis.lrange("peer.recorded"));
  }

  @Test
  void timeoutAndNoWait() {
    String out =
        PythonCelery.call(
                redis.url(0),
                redis.url(1),
                "{\"task\": \"peer.slow\", \"kwargs\": {\"seconds\": 3}, \"timeout\": 0.5}",
                TIMEOUT)
            .stdoutOrFail();
    assertTrue(out.contains("\"status\": \"TIMEOUT\""), out);
    out =
        PythonCelery.call(
                redis.url(0),
                redis.url(1),
                "{\"task\": \"peer.echo\", \"args\": [1], \"wait\": false,"
                    + " \"options\": {\"task_id\": \"fixed-id\", \"countdown\": 0}}",
                TIMEOUT)
            .stdoutOrFail();
    assertEquals("{\"id\": \"fixed-id\"}", out.strip());
  }

  @Test
  void soloWorkerOnACustomQueue() {
    try (PythonWorker solo =
        PythonCelery.startWorker(redis.url(0), redis.url(1), "-P", "solo", "-Q", "solo.q")) {
      String out =
          PythonCelery.call(
                  redis.url(0),
                  redis.url(1),
                  "{\"task\": \"peer.mul\", \"args\": [6, 7], \"options\": {\"queue\": \"solo.q\"}}",
                  TIMEOUT)
              .stdoutOrFail();
      assertTrue(out.contains("\"result\": 42"), out);
      assertTrue(solo.log().contains("peer.mul"), solo.log());
      assertTrue(solo.log().contains("solo.q"), solo.log());
    }
  }

  @Test
  void invalidRequestExitsNonZero() {
    PythonRun run = PythonCelery.call(redis.url(0), redis.url(1), "not json", TIMEOUT);
    assertEquals(2, run.exitCode(), run.toString());
  }

  @Test
  void celeryCommandLine() {
    PythonRun run =
        PythonCelery.celery(
            redis.url(0), TIMEOUT, "inspect", "ping", "-d", worker.hostname(), "-t", "5");
    assertTrue(run.stdoutOrFail().contains("pong"), run.toString());
  }

  @Test
  void runCapturesStreamsAndKillsOnTimeout() {
    PythonRun run =
        PythonCelery.run(
            TIMEOUT,
            Map.of("X_TEST", "hello"),
            "-c",
            "import os, sys; print(os.environ['X_TEST']); print('oops', file=sys.stderr)");
    assertEquals(0, run.exitCode());
    assertEquals("hello", run.stdout().strip());
    assertEquals("oops", run.stderr().strip());
    PythonRun slow = PythonCelery.run(Duration.ofMillis(500), Map.of(), "-c", "import time; time.sleep(30)");
    assertTrue(slow.exitCode() != 0);
    assertTrue(slow.stderr().contains("killed after timeout"), slow.stderr());
  }
}
