package io.celeryapi.worker;

import java.time.Duration;
import java.util.List;

import io.celeryapi.annotation.CeleryTask;
import io.celeryapi.core.AsyncResult;
import io.celeryapi.core.CeleryGroupException;
import io.celeryapi.core.CeleryOperations;
import io.celeryapi.core.CeleryRemoteException;
import io.celeryapi.core.Chain;
import io.celeryapi.core.Chord;
import io.celeryapi.core.Group;
import io.celeryapi.core.GroupResult;
import io.celeryapi.core.Signature;
import io.celeryapi.core.TaskOptions;
import io.celeryapi.core.TaskState;
import io.celeryapi.test.RedisServer;
import io.celeryapi.test.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Chains, groups, chords, callbacks and errbacks between Java clients and Java workers.
 */
@SpringBootTest(classes = CanvasIntegrationTests.Config.class)
@ExtendWith(RedisServerExtension.class)
@DirtiesContext
class CanvasIntegrationTests {

	static final Duration TIMEOUT = Duration.ofSeconds(10);

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		RedisServer redis = RedisServerExtension.shared();
		registry.add("celery.broker-url", () -> redis.url(4));
		registry.add("celery.worker.queues", () -> "canvas.q");
		registry.add("celery.template.default-queue", () -> "canvas.q");
		registry.add("celery.worker.concurrency", () -> "4");
	}

	@Autowired
	CeleryOperations celery;

	@Test
	void chainPassesEachResultOnAndKeepsParents() {
		AsyncResult<Integer> last = this.celery.send(Chain.of(Signature.of("cv.add", 1, 2))
			.then(Signature.of("cv.mul", 3))
			.then(Signature.of("cv.add", 4).as(Integer.class)));
		assertThat(last.get(TIMEOUT)).isEqualTo(13);
		assertThat(last.parent()).isNotNull();
		assertThat(last.parent().get(TIMEOUT)).isEqualTo(9);
		assertThat(last.parent().parent().get(TIMEOUT)).isEqualTo(3);
		assertThat(last.parent().parent().parent()).isNull();
	}

	@Test
	void immutableStepIgnoresThePreviousResult() {
		AsyncResult<Object> last = this.celery
			.send(Chain.of(Signature.of("cv.add", 1, 2)).then(Signature.of("cv.add", 10, 20).immutable()));
		assertThat(last.get(TIMEOUT)).isEqualTo(30);
	}

	@Test
	void failingStepFailsEveryLaterStep() {
		AsyncResult<Object> last = this.celery.send(Chain.of(Signature.of("cv.add", 1, 2))
			.then(Signature.of("cv.fail"))
			.then(Signature.of("cv.add", 1))
			.then(Signature.of("cv.add", 1)));
		assertThatExceptionOfType(CeleryRemoteException.class).isThrownBy(() -> last.get(TIMEOUT))
			.satisfies((ex) -> assertThat(ex.getExcType()).isEqualTo("IllegalArgumentException"));
		assertThat(last.parent().state()).isEqualTo(TaskState.FAILURE);
	}

	@Test
	void groupRunsAllAndJoinsInOrder() {
		GroupResult group = this.celery
			.send(Group.of(Signature.of("cv.add", 1, 1), Signature.of("cv.add", 2, 2), Signature.of("cv.add", 3, 3)));
		assertThat(group.join(TIMEOUT)).containsExactly(2, 4, 6);
		assertThat(group.join(TIMEOUT, Long.class)).containsExactly(2L, 4L, 6L);
		assertThat(group.ready()).isTrue();
	}

	@Test
	void groupGathersFailures() {
		GroupResult group = this.celery.send(Group.of(Signature.of("cv.add", 1, 1), Signature.of("cv.fail", 5)));
		assertThatExceptionOfType(CeleryGroupException.class).isThrownBy(() -> group.join(TIMEOUT))
			.satisfies((ex) -> {
				assertThat(ex.getFailures()).containsOnlyKeys(group.results().get(1).id());
				assertThat(ex.getResults()).containsExactly(2, null);
			});
	}

	@Test
	void chordSendsHeaderResultsInOrderToTheBody() {
		AsyncResult<Integer> sum = this.celery.send(Chord.of(
				Group.of(Signature.of("cv.slow_add", 3, 3), Signature.of("cv.add", 1, 1), Signature.of("cv.add", 2, 2)),
				Signature.of("cv.list").as(Integer.class)));
		assertThat(this.celery.asyncResult(sum.id()).get(TIMEOUT)).isEqualTo(List.of(6, 2, 4));
	}

	@Test
	void chordWithFailingHeaderFailsTheBodyWithChordError() {
		AsyncResult<Object> body = this.celery.send(
				Chord.of(Group.of(Signature.of("cv.add", 1, 1), Signature.of("cv.fail", 7)), Signature.of("cv.list")));
		assertThatExceptionOfType(CeleryRemoteException.class).isThrownBy(() -> body.get(TIMEOUT))
			.satisfies((ex) -> {
				assertThat(ex.getExcType()).isEqualTo("ChordError");
				assertThat(ex.getRemoteMessage()).contains("raised IllegalArgumentException('bad 7')");
			});
	}

	@Test
	void linkAndLinkErrorSendFollowUps() {
		AsyncResult<Object> linked = this.celery.sendTask("cv.add", List.of(2, 3), java.util.Map.of(),
				TaskOptions.builder().link(Signature.of("cv.mul", 10).withOptions(TaskOptions.builder().taskId("cb-" + System.nanoTime()).build())).build());
		assertThat(linked.get(TIMEOUT)).isEqualTo(5);
		String errbackId = "eb-" + System.nanoTime();
		AsyncResult<Object> failing = this.celery.sendTask("cv.fail", List.of(1), java.util.Map.of(),
				TaskOptions.builder().linkError(Signature.of("cv.echo").withOptions(TaskOptions.builder().taskId(errbackId).build())).build());
		assertThatExceptionOfType(CeleryRemoteException.class).isThrownBy(() -> failing.get(TIMEOUT));
		assertThat(this.celery.asyncResult(errbackId).get(TIMEOUT)).isEqualTo(failing.id());
	}

	static class Tasks {

		@CeleryTask("cv.add")
		int add(int x, int y) {
			return x + y;
		}

		@CeleryTask("cv.slow_add")
		int slowAdd(int x, int y) throws InterruptedException {
			Thread.sleep(200);
			return x + y;
		}

		@CeleryTask("cv.mul")
		int mul(int x, int y) {
			return x * y;
		}

		@CeleryTask("cv.list")
		List<Integer> list(List<Integer> values) {
			return values;
		}

		@CeleryTask("cv.echo")
		Object echo(Object value) {
			return value;
		}

		@CeleryTask("cv.fail")
		int fail(Integer n) {
			throw new IllegalArgumentException("bad " + n);
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Config {

		@Bean
		Tasks tasks() {
			return new Tasks();
		}

	}

}
