package io.celeryapi.interop;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;

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
import io.celeryapi.core.TaskContext;
import io.celeryapi.core.TaskOptions;
import io.celeryapi.core.TaskState;
import io.celeryapi.test.PythonCelery;
import io.celeryapi.test.PythonWorker;
import io.celeryapi.test.RedisServer;
import io.celeryapi.test.RedisServerExtension;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
 * Canvases whose tasks run partly on a real Python Celery 5 worker and partly on a Java
 * worker: chains passing results back and forth, chords joined in Redis by whichever side
 * finishes last, groups, and links and error links across languages, each sent from Java
 * and from Python.
 *
 * @author celery-api
 */
@SpringBootTest(classes = CrossLanguageCanvasInteropTests.Config.class)
@DirtiesContext
@ExtendWith(RedisServerExtension.class)
class CrossLanguageCanvasInteropTests {

	private static final String PYTHON_QUEUE = "python.interop.canvas";

	private static final String JAVA_QUEUE = "java.interop.canvas";

	private static final Duration TIMEOUT = PythonPeer.TIMEOUT;

	/** The first lines of every Python client script. */
	private static final String[] PROLOGUE = { "import json", "from celery import chain, chord, group",
			"from peerapp import app", "PY = '" + PYTHON_QUEUE + "'", "JAVA = '" + JAVA_QUEUE + "'",
			"T = " + TIMEOUT.toSeconds() };

	/** Latches that hold {@code java.gated} tasks until the test opens them. */
	static final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();

	/** "root parent" of every Java task run, by task id. */
	static final Map<String, String> lineage = new ConcurrentHashMap<>();

	private static PythonWorker worker;

	@Autowired
	private CeleryOperations celery;

	@DynamicPropertySource
	static void celeryProperties(DynamicPropertyRegistry registry) {
		RedisServer redis = RedisServerExtension.shared();
		registry.add("celery.broker-url", () -> redis.url(0));
		registry.add("celery.result-backend", () -> redis.url(1));
		registry.add("celery.worker.queues", () -> JAVA_QUEUE);
		registry.add("celery.worker.concurrency", () -> "4");
	}

	@BeforeAll
	static void startPythonWorker(RedisServer redis) {
		PythonCelery.assumeAvailable();
		worker = PythonCelery.startWorker(redis.url(0), redis.url(1), "-Q", PYTHON_QUEUE);
	}

	@AfterAll
	static void stopPythonWorker() {
		if (worker != null) {
			worker.close();
		}
	}

	// ---------------------------------------------------------------- chains

	@Test
	void chainFromJavaAlternatesBetweenPythonAndJava() {
		AsyncResult<Integer> last = this.celery.send(Chain.of(py(Signature.of("peer.add", 1, 2)))
			.then(java(Signature.of("java.mul", 3)))
			.then(py(Signature.of("peer.add", 4)).as(Integer.class)));
		assertThat(last.get(TIMEOUT)).as(worker::log).isEqualTo(13);
		AsyncResult<?> middle = last.parent();
		AsyncResult<?> first = middle.parent();
		assertThat(middle.get(TIMEOUT)).isEqualTo(9);
		assertThat(first.get(TIMEOUT)).isEqualTo(3);
		// The Python worker sent the Java step: it carries the chain's root and its parent.
		assertThat(lineage).containsEntry(middle.id(), first.id() + " " + first.id());
		assertThat(worker.log()).contains("peer.add[" + first.id() + "]").contains("peer.add[" + last.id() + "]");
	}

	@Test
	void chainFromPythonAlternatesBetweenPythonAndJava() {
		JsonNode out = python("c = chain(app.signature('peer.add', args=(1, 2), queue=PY),",
				"          app.signature('java.mul', args=(3,), queue=JAVA),",
				"          app.signature('peer.add', args=(4,), queue=PY))", "r = c.apply_async()",
				"out = {'result': r.get(timeout=T), 'middle': r.parent.get(timeout=T),",
				"       'first': r.parent.parent.get(timeout=T),",
				"       'ids': [r.parent.parent.id, r.parent.id, r.id]}", "print(json.dumps(out))");
		assertThat(out.get("result").asInt()).as(out.toString()).isEqualTo(13);
		assertThat(out.get("middle").asInt()).isEqualTo(9);
		assertThat(out.get("first").asInt()).isEqualTo(3);
		String firstId = out.get("ids").get(0).asString();
		String middleId = out.get("ids").get(1).asString();
		String lastId = out.get("ids").get(2).asString();
		assertThat(lineage).containsEntry(middleId, firstId + " " + firstId);
		// Java sees the whole chain too, and the Java worker sent the last step to Python.
		assertThat(this.celery.asyncResult(lastId).get(TIMEOUT)).isEqualTo(13);
		assertThat(worker.log()).contains("peer.add[" + lastId + "]");
	}

	@Test
	void failingJavaStepFailsTheRestOfAChainStartedInPython() {
		JsonNode out = python("c = chain(app.signature('peer.add', args=(1, 2), queue=PY),",
				"          app.signature('java.fail', queue=JAVA),",
				"          app.signature('peer.add', args=(4,), queue=PY))", "r = c.apply_async()",
				"try:", "    r.get(timeout=T)", "    out = {'status': 'SUCCESS'}", "except Exception as e:",
				"    out = {'status': r.state, 'exc_class': type(e).__name__, 'message': str(e)}",
				"print(json.dumps(out))");
		assertThat(out.get("status").asString()).as(out.toString()).isEqualTo("FAILURE");
		assertThat(out.get("exc_class").asString()).isEqualTo("IllegalStateException");
		assertThat(out.get("message").asString()).isEqualTo("java says no to 3");
	}

	@Test
	void chainFromPythonIntoAChordAfterAPythonStep() {
		// The Python worker expands the chord; its members and body run on both sides.
		JsonNode out = python("c = chain(app.signature('peer.add', args=(1, 2), queue=PY),",
				"          chord([app.signature('peer.add', args=(10,), queue=PY),",
				"                 app.signature('java.add', args=(20,), queue=JAVA)],",
				"                app.signature('java.sum', queue=JAVA)))",
				"print(json.dumps({'result': c.apply_async().get(timeout=T)}))");
		assertThat(out.get("result").asInt()).as(out.toString()).isEqualTo(36);
	}

	@Test
	void chainFromPythonIntoAChordAfterAJavaStep() {
		JsonNode out = python("c = chain(app.signature('java.add', args=(1, 2), queue=JAVA),",
				"          chord([app.signature('peer.add', args=(10,), queue=PY),",
				"                 app.signature('java.add', args=(20,), queue=JAVA)],",
				"                app.signature('java.sum', queue=JAVA)))", "r = c.apply_async()", "try:",
				"    out = {'status': 'SUCCESS', 'result': r.get(timeout=T)}", "except Exception as e:",
				"    out = {'status': r.state, 'exc_class': type(e).__name__, 'message': str(e)}",
				"print(json.dumps(out))");
		assertThat(out.get("status").asString()).as(out.toString()).isEqualTo("SUCCESS");
		assertThat(out.get("result").asInt()).isEqualTo(36);
	}

	// ---------------------------------------------------------------- chords

	@Test
	void chordFromJavaJoinedByJavaWithPythonBody() {
		String gate = gate();
		String pythonMember = UUID.randomUUID().toString();
		AsyncResult<Object> body = this.celery.send(Chord.of(
				Group.of(py(Signature.of("peer.add", 1, 2)).withOptions(TaskOptions.builder().taskId(pythonMember).build()),
						java(Signature.of("java.gated", gate, 3, 4))),
				py(Signature.of("peer.xsum"))));
		// The Python member finishes first; the Java member then completes the join.
		assertThat(this.celery.asyncResult(pythonMember).get(TIMEOUT)).isEqualTo(3);
		open(gate);
		assertThat(body.get(TIMEOUT)).as(worker::log).isEqualTo(10);
		assertThat(worker.log()).contains("peer.xsum[" + body.id() + "]");
	}

	@Test
	void chordFromJavaJoinedByPythonWithJavaBody() {
		String javaMember = UUID.randomUUID().toString();
		String pythonMember = UUID.randomUUID().toString();
		// The Python member waits a second for its eta: the Java member is done by then, so
		// the Python worker completes the join and sends the Java body.
		AsyncResult<Integer> body = this.celery.send(Chord.of(Group.of(
				java(Signature.of("java.add", 3, 4)).withOptions(TaskOptions.builder().taskId(javaMember).build()),
				py(Signature.of("peer.add", 1, 2)).withOptions(
						TaskOptions.builder().taskId(pythonMember).countdown(Duration.ofSeconds(1)).build())),
				java(Signature.of("java.sum")).as(Integer.class)));
		assertThat(this.celery.asyncResult(javaMember).get(TIMEOUT)).isEqualTo(7);
		assertThat(body.get(TIMEOUT)).as(worker::log).isEqualTo(10);
		assertThat(lineage.get(body.id())).endsWith(" " + pythonMember);
	}

	@Test
	void chordFromJavaKeepsHeaderOrderAcrossLanguages() {
		AsyncResult<Object> body = this.celery.send(Chord.of(
				Group.of(py(Signature.of("peer.add", 1, 2)), java(Signature.of("java.add", 3, 4)),
						py(Signature.of("peer.mul", 5, 6)), java(Signature.of("java.mul", 7, 8)),
						py(Signature.of("peer.add", 9, 10))),
				java(Signature.of("java.list"))));
		assertThat(body.get(TIMEOUT)).as(worker::log).isEqualTo(List.of(3, 7, 30, 56, 19));
	}

	@Test
	void chordFromPythonWithJavaBody() {
		JsonNode out = python(
				"h = [app.signature('peer.add', args=(1, 2), queue=PY), app.signature('java.add', args=(3, 4), queue=JAVA),",
				"     app.signature('peer.add', args=(5, 6), queue=PY), app.signature('java.add', args=(7, 8), queue=JAVA)]",
				"r = chord(h)(app.signature('java.sum', queue=JAVA))",
				"print(json.dumps({'id': r.id, 'result': r.get(timeout=T)}))");
		assertThat(out.get("result").asInt()).as(out.toString()).isEqualTo(36);
		assertThat(lineage).containsKey(out.get("id").asString());
	}

	@Test
	void chordFromPythonWithPythonBody() {
		JsonNode out = python(
				"h = [app.signature('java.add', args=(1, 2), queue=JAVA), app.signature('peer.add', args=(3, 4), queue=PY),",
				"     app.signature('java.mul', args=(5, 6), queue=JAVA)]",
				"r = chord(h)(app.signature('peer.xsum', queue=PY))",
				"print(json.dumps({'id': r.id, 'result': r.get(timeout=T)}))");
		assertThat(out.get("result").asInt()).as(out.toString()).isEqualTo(40);
		assertThat(this.celery.asyncResult(out.get("id").asString()).get(TIMEOUT)).isEqualTo(40);
	}

	@Test
	void failingPythonHeaderMemberFailsTheBodyWithChordErrorWhenJavaJoins() {
		String gate = gate();
		String failing = UUID.randomUUID().toString();
		AsyncResult<Object> body = this.celery.send(Chord.of(Group.of(
				py(Signature.of("peer.fail", "header fails")).withOptions(TaskOptions.builder().taskId(failing).build()),
				java(Signature.of("java.gated", gate, 1, 1))), java(Signature.of("java.sum"))));
		assertThatExceptionOfType(CeleryRemoteException.class)
			.isThrownBy(() -> this.celery.asyncResult(failing).get(TIMEOUT));
		open(gate);
		assertChordError(body, failing, "ValueError('header fails')");
		assertThat(lineage).doesNotContainKey(body.id());
	}

	@Test
	void failingJavaHeaderMemberFailsTheBodyWithChordErrorWhenPythonJoins() {
		String failing = UUID.randomUUID().toString();
		AsyncResult<Object> body = this.celery.send(Chord.of(
				Group.of(java(Signature.of("java.fail", 9)).withOptions(TaskOptions.builder().taskId(failing).build()),
						py(Signature.of("peer.add", 1, 1))
							.withOptions(TaskOptions.builder().countdown(Duration.ofSeconds(1)).build())),
				java(Signature.of("java.sum"))));
		assertThatExceptionOfType(CeleryRemoteException.class)
			.isThrownBy(() -> this.celery.asyncResult(failing).get(TIMEOUT));
		assertChordError(body, failing, "IllegalStateException");
		assertThat(lineage).doesNotContainKey(body.id());
	}

	@Test
	void failingHeaderMemberOfAChordSentFromPythonFailsTheBody() {
		JsonNode out = python(
				"h = [app.signature('java.add', args=(1, 2), queue=JAVA), app.signature('peer.fail', args=('py no',), queue=PY)]",
				"r = chord(h)(app.signature('peer.xsum', queue=PY))", "print(json.dumps({'id': r.id}))");
		AsyncResult<Object> body = this.celery.asyncResult(out.get("id").asString());
		assertThatExceptionOfType(CeleryRemoteException.class).isThrownBy(() -> body.get(TIMEOUT))
			.satisfies((ex) -> {
				assertThat(ex.getState()).isEqualTo(TaskState.FAILURE);
				assertThat(ex.getExcType()).isEqualTo("ChordError");
				assertThat(ex.getRemoteMessage()).contains("raised ValueError('py no')");
			});
	}

	// ---------------------------------------------------------------- groups

	@Test
	void groupFromJavaAcrossBothLanguages() {
		GroupResult group = this.celery.send(Group.of(py(Signature.of("peer.add", 1, 1)),
				java(Signature.of("java.add", 2, 2)), py(Signature.of("peer.mul", 3, 3)),
				java(Signature.of("java.mul", 4, 4))));
		assertThat(group.join(TIMEOUT)).as(worker::log).containsExactly(2, 4, 9, 16);
		assertThat(group.ready()).isTrue();
		// Both sides saw the same group id.
		assertThat(worker.log()).contains("peer.mul[" + group.results().get(2).id() + "]");
	}

	@Test
	void groupFromJavaGathersFailuresOfBothLanguages() {
		GroupResult group = this.celery.send(Group.of(py(Signature.of("peer.fail", "py bad")),
				java(Signature.of("java.add", 2, 2)), java(Signature.of("java.fail", 5))));
		assertThatExceptionOfType(CeleryGroupException.class).isThrownBy(() -> group.join(TIMEOUT))
			.satisfies((ex) -> {
				assertThat(ex.getFailures()).containsOnlyKeys(group.results().get(0).id(), group.results().get(2).id());
				assertThat(ex.getFailures().get(group.results().get(0).id()).getExcType()).isEqualTo("ValueError");
				assertThat(ex.getFailures().get(group.results().get(2).id()).getExcType())
					.isEqualTo("IllegalStateException");
				assertThat(ex.getResults()).containsExactly(null, 4, null);
			});
	}

	@Test
	void groupFromPythonAcrossBothLanguages() {
		JsonNode out = python(
				"g = group(app.signature('java.add', args=(1, 2), queue=JAVA), app.signature('peer.add', args=(3, 4), queue=PY),",
				"          app.signature('java.mul', args=(5, 6), queue=JAVA))",
				"r = g.apply_async()", "print(json.dumps({'result': r.get(timeout=T)}))");
		assertThat(out.get("result")).as(out.toString()).isEqualTo(PythonPeer.JSON.readTree("[3, 7, 30]"));
	}

	// ---------------------------------------------------------------- links

	@Test
	void javaTaskLinksToPythonTask() {
		String callback = UUID.randomUUID().toString();
		AsyncResult<Object> result = this.celery.sendTask("java.add", List.of(2, 3), Map.of(), TaskOptions.builder()
			.queue(JAVA_QUEUE)
			.link(py(Signature.of("peer.mul", 10)).withOptions(TaskOptions.builder().taskId(callback).build()))
			.build());
		assertThat(result.get(TIMEOUT)).isEqualTo(5);
		assertThat(this.celery.asyncResult(callback).get(TIMEOUT)).as(worker::log).isEqualTo(50);
	}

	@Test
	void pythonTaskLinksToJavaTask() {
		String callback = UUID.randomUUID().toString();
		AsyncResult<Object> result = this.celery.sendTask("peer.add", List.of(2, 3), Map.of(), TaskOptions.builder()
			.queue(PYTHON_QUEUE)
			.link(java(Signature.of("java.mul", 10)).withOptions(TaskOptions.builder().taskId(callback).build()))
			.build());
		assertThat(result.get(TIMEOUT)).isEqualTo(5);
		assertThat(this.celery.asyncResult(callback).get(TIMEOUT)).as(worker::log).isEqualTo(50);
		assertThat(lineage).containsEntry(callback, result.id() + " " + result.id());
	}

	@Test
	void failingJavaTaskLinksErrorToPythonTask() {
		String errback = UUID.randomUUID().toString();
		AsyncResult<Object> result = this.celery.sendTask("java.fail", List.of(4), Map.of(), TaskOptions.builder()
			.queue(JAVA_QUEUE)
			.linkError(py(Signature.of("peer.on_error")).withOptions(TaskOptions.builder().taskId(errback).build()))
			.build());
		assertThatExceptionOfType(CeleryRemoteException.class).isThrownBy(() -> result.get(TIMEOUT));
		// Python's on_error, called with the failed task id, returns what it recorded.
		Object entry = this.celery.asyncResult(errback).get(TIMEOUT);
		assertThat(entry).as(worker::log).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("id", result.id());
	}

	@Test
	void failingPythonTaskLinksErrorToJavaTask() {
		String errback = UUID.randomUUID().toString();
		AsyncResult<Object> result = this.celery.sendTask("peer.fail", List.of("py fails"), Map.of(),
				TaskOptions.builder()
					.queue(PYTHON_QUEUE)
					.linkError(java(Signature.of("java.echo")).withOptions(TaskOptions.builder().taskId(errback).build()))
					.build());
		assertThatExceptionOfType(CeleryRemoteException.class).isThrownBy(() -> result.get(TIMEOUT));
		assertThat(this.celery.asyncResult(errback).get(TIMEOUT)).as(worker::log).isEqualTo(result.id());
	}

	@Test
	void linksSentFromPythonAcrossBothLanguages() {
		JsonNode out = python("to_py = app.signature('peer.mul', args=(10,), queue=PY)",
				"to_java = app.signature('java.mul', args=(100,), queue=JAVA)",
				"to_py_id, to_java_id = to_py.freeze().id, to_java.freeze().id",
				"a = app.send_task('java.add', args=[2, 3], queue=JAVA, link=to_py)",
				"b = app.send_task('peer.add', args=[4, 5], queue=PY, link=to_java)",
				"out = {'a': a.get(timeout=T), 'b': b.get(timeout=T),",
				"       'to_py': app.AsyncResult(to_py_id).get(timeout=T),",
				"       'to_java': app.AsyncResult(to_java_id).get(timeout=T), 'b_id': b.id, 'to_java_id': to_java_id}",
				"print(json.dumps(out))");
		assertThat(out.get("a").asInt()).as(out.toString()).isEqualTo(5);
		assertThat(out.get("b").asInt()).isEqualTo(9);
		assertThat(out.get("to_py").asInt()).isEqualTo(50);
		assertThat(out.get("to_java").asInt()).isEqualTo(900);
		String b = out.get("b_id").asString();
		assertThat(lineage).containsEntry(out.get("to_java_id").asString(), b + " " + b);
	}

	// ---------------------------------------------------------------- helpers

	private static void assertChordError(AsyncResult<Object> body, String failedMember, String cause) {
		assertThatExceptionOfType(CeleryRemoteException.class).isThrownBy(() -> body.get(TIMEOUT))
			.satisfies((ex) -> {
				assertThat(ex.getState()).isEqualTo(TaskState.FAILURE);
				assertThat(ex.getExcType()).isEqualTo("ChordError");
				assertThat(ex.getRemoteMessage()).startsWith("Dependency " + failedMember + " raised ")
					.contains(cause);
			});
	}

	private static <T> Signature<T> py(Signature<T> signature) {
		return signature.withOptions(TaskOptions.builder().queue(PYTHON_QUEUE).build());
	}

	private static <T> Signature<T> java(Signature<T> signature) {
		return signature.withOptions(TaskOptions.builder().queue(JAVA_QUEUE).build());
	}

	private static String gate() {
		String key = UUID.randomUUID().toString();
		gates.put(key, new CountDownLatch(1));
		return key;
	}

	private static void open(String gate) {
		gates.get(gate).countDown();
	}

	private static JsonNode python(String... lines) {
		String[] script = new String[PROLOGUE.length + lines.length];
		System.arraycopy(PROLOGUE, 0, script, 0, PROLOGUE.length);
		System.arraycopy(lines, 0, script, PROLOGUE.length, lines.length);
		return PythonPeer.script(script);
	}

	/**
	 * The Java side of the canvases.
	 */
	static class JavaTasks {

		@CeleryTask("java.add")
		public int add(int x, int y, TaskContext context) {
			record(context);
			return x + y;
		}

		@CeleryTask("java.mul")
		public int mul(int x, int y, TaskContext context) {
			record(context);
			return x * y;
		}

		@CeleryTask("java.sum")
		public int sum(List<Integer> numbers, TaskContext context) {
			record(context);
			return numbers.stream().mapToInt(Integer::intValue).sum();
		}

		@CeleryTask("java.list")
		public List<Object> list(List<Object> values, TaskContext context) {
			record(context);
			return values;
		}

		@CeleryTask("java.echo")
		public Object echo(Object value, TaskContext context) {
			record(context);
			return value;
		}

		@CeleryTask("java.fail")
		public int fail(Object value) {
			throw new IllegalStateException("java says no to " + value);
		}

		@CeleryTask("java.gated")
		public int gated(String gate, int x, int y, TaskContext context) throws InterruptedException {
			if (!gates.get(gate).await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException("gate " + gate + " was never opened");
			}
			record(context);
			return x + y;
		}

		private static void record(TaskContext context) {
			lineage.put(context.id(), context.rootId() + " " + context.parentId());
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Config {

		@Bean
		JavaTasks javaTasks() {
			return new JavaTasks();
		}

	}

}
