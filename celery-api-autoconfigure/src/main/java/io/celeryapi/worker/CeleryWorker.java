package io.celeryapi.worker;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.lettuce.core.KeyValue;
import io.lettuce.core.api.StatefulRedisConnection;

import io.celeryapi.internal.TaskPublisher;
import io.celeryapi.internal.control.ControlCommands;
import io.celeryapi.internal.control.EventDispatcher;
import io.celeryapi.internal.control.PidboxServer;
import io.celeryapi.internal.control.WorkerControl;
import io.celeryapi.internal.protocol.TaskMessageCodec;
import io.celeryapi.internal.protocol.Envelope;
import io.celeryapi.internal.protocol.MalformedMessageException;
import io.celeryapi.internal.protocol.TaskMessage;
import io.celeryapi.internal.redis.RedisBroker;
import io.celeryapi.internal.redis.RedisKeys;
import io.celeryapi.internal.worker.Delivery;
import io.celeryapi.internal.worker.MessageRejecter;
import io.celeryapi.internal.worker.PendingOutcomes;
import io.celeryapi.internal.worker.TaskEventListener;
import io.celeryapi.internal.worker.RateLimiter;
import io.celeryapi.internal.worker.TaskRunner;
import io.celeryapi.internal.worker.WorkerState;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;

/**
 * Consumes task messages from Redis lists as a kombu worker does and runs them on the
 * registered tasks.
 *
 * <p>One consumer thread BRPOPs all priority lists of all queues (priority first, then
 * queues in round-robin order) while fewer than {@code prefetch} messages are taken but
 * unfinished; each message is recorded as unacknowledged and handed to
 * {@code concurrency} runners. Messages with a future eta wait in a scheduler, still
 * unacknowledged. On stop, the worker takes no more messages, puts the ones it holds but
 * has not started back at the head of their queues, and lets running tasks finish within
 * the shutdown timeout.
 *
 * @author celery-api
 * @since 0.1.0
 */
public class CeleryWorker implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(CeleryWorker.class);

	private static final long BRPOP_TIMEOUT_SECONDS = 1;

	private static final int MAX_BATCH = 64;

	private static final long BATCH_WAIT_MICROS = 2000;

	private final TaskRegistry registry;

	private final RedisBroker broker;

	private final WorkerSettings settings;

	private final TaskRunner runner;

	private final MessageRejecter rejecter;

	private final TaskExecutor executor;

	private final BlockingDeque<Received> ready = new LinkedBlockingDeque<>();

	private final Map<Delivery, Waiting> waitingForEta = new ConcurrentHashMap<>();

	private final RateLimiter rateLimiter;

	private final java.util.Set<Thread> retiring = ConcurrentHashMap.newKeySet();

	private final AtomicLong clock = new AtomicLong();

	private volatile boolean taskEvents;

	private volatile Runnable shutdownAction = () -> {
	};

	private volatile Map<String, Object> conf = Map.of();

	private @Nullable PidboxServer pidbox;

	private @Nullable EventDispatcher events;

	private final List<TaskEventListener> extraListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

	private final Semaphore prefetch;

	private final WorkerState state = new WorkerState();

	private final AtomicInteger running = new AtomicInteger();

	private final PendingOutcomes outcomes = new PendingOutcomes();

	private final List<String> queueOrder;

	private volatile boolean active;

	private @Nullable Thread consumer;

	private @Nullable ScheduledExecutorService scheduler;

	private @Nullable CountDownLatch runnersDone;

	/**
	 * Creates a worker.
	 * @param registry the tasks to serve
	 * @param broker the broker to consume from
	 * @param publisher publishes follow-up tasks and owns the result backend
	 * @param settings the worker settings
	 * @param executor runs the runners, or {@code null} for platform threads
	 */
	public CeleryWorker(TaskRegistry registry, RedisBroker broker, TaskPublisher publisher, WorkerSettings settings,
			@Nullable TaskExecutor executor) {
		this.registry = registry;
		this.broker = broker;
		this.settings = settings;
		this.rejecter = new MessageRejecter(broker, publisher.backend(), settings.deadLetterKey(), settings.hostname());
		this.runner = new TaskRunner(registry, broker, publisher, settings, this.rejecter, this.state);
		this.runner.setAbandonHandler(this::replaceRunner);
		this.executor = (executor != null) ? executor : new SimpleAsyncTaskExecutor("celery-worker-");
		this.prefetch = new Semaphore(settings.prefetch());
		this.rateLimiter = new RateLimiter(broker);
		this.queueOrder = new ArrayList<>(settings.queues());
		this.taskEvents = settings.sendTaskEvents();
	}

	/**
	 * Sets what {@code celery control shutdown} does when remote shutdown is enabled,
	 * typically closing the application context.
	 * @param shutdownAction the action
	 */
	public void setShutdownAction(Runnable shutdownAction) {
		this.shutdownAction = shutdownAction;
	}

	/**
	 * Adds a listener of task events (metrics, for example); call before the worker
	 * starts.
	 * @param listener the listener
	 */
	public void addTaskEventListener(TaskEventListener listener) {
		this.extraListeners.add(listener);
	}

	/**
	 * Sets the settings {@code celery inspect conf} shows; credentials must be masked.
	 * @param conf the settings
	 */
	public void setConf(Map<String, Object> conf) {
		this.conf = Map.copyOf(conf);
	}

	/**
	 * The worker's settings.
	 * @return the settings
	 */
	public WorkerSettings getSettings() {
		return this.settings;
	}

	/**
	 * The queues this worker consumes now.
	 * @return the queue names
	 */
	public List<String> getQueues() {
		synchronized (this.queueOrder) {
			List<String> queues = new ArrayList<>(this.settings.queues());
			queues.retainAll(this.queueOrder);
			this.queueOrder.stream().filter((q) -> !queues.contains(q)).forEach(queues::add);
			return queues;
		}
	}

	/**
	 * Live counts of the tasks this worker ran.
	 * @return task name to counts
	 */
	public Map<String, WorkerState.Counts> getTaskCounts() {
		return this.state.allCounts();
	}

	/**
	 * How many tasks run right now.
	 * @return the number of running tasks
	 */
	public int getRunningCount() {
		return this.running.get();
	}

	@Override
	public synchronized void start() {
		if (this.active) {
			return;
		}
		this.active = true;
		for (String queue : this.settings.queues()) {
			this.broker.declareQueue(queue);
		}
		this.scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "celery-scheduler");
			thread.setDaemon(true);
			return thread;
		});
		this.scheduler.scheduleWithFixedDelay(this::restoreTimedOut, 0, this.settings.restoreInterval().toMillis(),
				TimeUnit.MILLISECONDS);
		this.scheduler.scheduleWithFixedDelay(this::moveDueParked, 0, 1000, TimeUnit.MILLISECONDS);
		loadRevoked();
		this.runnersDone = new CountDownLatch(this.settings.concurrency());
		for (int i = 0; i < this.settings.concurrency(); i++) {
			this.executor.execute(this::runLoop);
		}
		EventDispatcher dispatcher = new EventDispatcher(this.broker.connections(), this.settings.hostname(),
				this.clock, () -> this.taskEvents, this.running::get, this.state::processed);
		this.events = dispatcher;
		List<TaskEventListener> listeners = new ArrayList<>(this.extraListeners);
		listeners.add(0, dispatcher);
		TaskEventListener all = TaskEventListener.composite(listeners);
		this.runner.setEventListener(all);
		this.rejecter.setEventListener(all);
		dispatcher.online();
		this.scheduler.scheduleAtFixedRate(dispatcher::heartbeat, (long) (EventDispatcher.HEARTBEAT_SECONDS * 1000),
				(long) (EventDispatcher.HEARTBEAT_SECONDS * 1000), TimeUnit.MILLISECONDS);
		PidboxServer server = new PidboxServer(this.broker.connections(), this.settings.hostname(),
				new ControlCommands(new Control(), this.broker.connections().brokerUri(), this.clock), this.clock);
		try {
			server.start();
			this.pidbox = server;
		}
		catch (RuntimeException ex) {
			logger.warn("Remote control is not available: " + ex.getMessage());
		}
		Thread thread = new Thread(this::consumeLoop, "celery-consumer");
		thread.setDaemon(true);
		this.consumer = thread;
		thread.start();
		logger.info("Celery worker " + this.settings.hostname() + " consuming " + this.settings.queues() + " with "
				+ this.registry.getEndpoints().size() + " task(s), concurrency " + this.settings.concurrency());
	}

	@Override
	public synchronized void stop() {
		if (!this.active) {
			return;
		}
		this.active = false;
		PidboxServer server = this.pidbox;
		if (server != null) {
			server.close();
			this.pidbox = null;
		}
		Thread thread = this.consumer;
		if (thread != null) {
			join(thread, Duration.ofSeconds(BRPOP_TIMEOUT_SECONDS * 5));
		}
		ScheduledExecutorService etaScheduler = this.scheduler;
		if (etaScheduler != null) {
			etaScheduler.shutdownNow();
		}
		List<Delivery> notStarted = new ArrayList<>(this.waitingForEta.keySet());
		this.waitingForEta.values().forEach(Waiting::cancel);
		this.waitingForEta.clear();
		List<Received> received = new ArrayList<>();
		this.ready.drainTo(received);
		for (Received message : received) {
			Delivery delivery = toDelivery(message);
			if (delivery != null) {
				notStarted.add(delivery);
			}
		}
		// RPUSH puts each at the consuming end: push the newest first so the oldest runs first.
		java.util.Collections.reverse(notStarted);
		int restored = 0;
		for (Delivery delivery : notStarted) {
			if (restore(delivery)) {
				restored++;
			}
		}
		CountDownLatch done = this.runnersDone;
		long deadline = System.nanoTime() + this.settings.shutdownTimeout().toNanos();
		boolean finished = awaitRunners(done)
				&& this.outcomes.awaitNone(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
		EventDispatcher dispatcher = this.events;
		if (dispatcher != null) {
			dispatcher.offline();
		}
		logger.info("Celery worker " + this.settings.hostname() + " stopped; " + restored
				+ " prefetched message(s) returned to their queues"
				+ (finished ? "" : ", " + this.running.get() + " task(s) still running after "
						+ this.settings.shutdownTimeout()));
	}

	@Override
	public boolean isRunning() {
		return this.active;
	}

	@Override
	public int getPhase() {
		// Start after, and stop before, everything the tasks may use.
		return DEFAULT_PHASE - 1000;
	}

	private boolean awaitRunners(@Nullable CountDownLatch done) {
		if (done == null) {
			return true;
		}
		try {
			return done.await(this.settings.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private boolean restore(Delivery delivery) {
		try {
			return this.broker
				.restore(delivery.deliveryTag(), delivery.envelope().raw(), delivery.queue(),
						delivery.envelope().priority())
				.get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			logger.error("Could not return message " + delivery.deliveryTag() + " to queue " + delivery.queue()
					+ "; it stays unacknowledged and is restored after the visibility timeout", ex);
			return false;
		}
	}

	private void consumeLoop() {
		StatefulRedisConnection<String, String> connection = null;
		long backoffMillis = 100;
		while (this.active) {
			int held = 0;
			try {
				if (!this.prefetch.tryAcquire(BRPOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
					continue;
				}
				held = 1;
				int half = Math.min(this.settings.prefetch(), MAX_BATCH) / 2;
				if (half > 1 && this.ready.size() >= this.settings.concurrency()
						&& this.prefetch.tryAcquire(half - 1, BATCH_WAIT_MICROS, TimeUnit.MICROSECONDS)) {
					// The runners have work queued: rather than a round trip for every slot
					// they free, wait a moment for half the prefetch limit to be free.
					held += half - 1;
				}
				// Take as many as there are free prefetch slots in one round trip.
				int more = Math.min(this.prefetch.availablePermits(), MAX_BATCH - 1);
				if (more > 0 && this.prefetch.tryAcquire(more)) {
					held += more;
				}
				if (connection == null) {
					connection = this.broker.connections().newBrokerConnection();
				}
				String[] keys = consumeKeys();
				List<RedisBroker.Fetched> batch = this.broker.fetch(connection.sync(), keys, held);
				if (!batch.isEmpty()) {
					for (RedisBroker.Fetched fetched : batch) {
						held--;
						received(fetched.key(), fetched.message(), fetched.deliveryTag());
					}
				}
				else {
					// Nothing ready: wait for the next message, one at a time, as kombu does.
					this.prefetch.release(held - 1);
					held = 1;
					KeyValue<String, String> message = connection.sync().brpop(BRPOP_TIMEOUT_SECONDS, keys);
					if (message != null && message.hasValue()) {
						held = 0;
						received(message.getKey(), message.getValue(), null);
					}
				}
				backoffMillis = 100;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			catch (RuntimeException ex) {
				if (!this.active) {
					break;
				}
				logger.warn("Consumer of " + this.settings.queues() + " lost the broker (" + ex.getMessage()
						+ "); retrying in " + backoffMillis + " ms");
				sleep(backoffMillis);
				backoffMillis = Math.min(backoffMillis * 2, 5000);
			}
			finally {
				if (held > 0) {
					this.prefetch.release(held);
				}
			}
		}
		if (connection != null) {
			connection.close();
		}
	}

	/**
	 * BRPOP keys as kombu orders them: priority-major, queue-minor, queues in the current
	 * round-robin order.
	 */
	private String[] consumeKeys() {
		List<String> queues;
		synchronized (this.queueOrder) {
			queues = List.copyOf(this.queueOrder);
		}
		String[] keys = new String[queues.size() * 4];
		int i = 0;
		for (int step : new int[] { 0, 3, 6, 9 }) {
			for (String queue : queues) {
				keys[i++] = RedisKeys.queueKey(queue, step);
			}
		}
		return keys;
	}

	private void rotate(String queue) {
		synchronized (this.queueOrder) {
			if (this.queueOrder.size() > 1 && this.queueOrder.remove(queue)) {
				this.queueOrder.add(queue);
			}
		}
	}

	private void received(String key, String raw, @Nullable String recordedTag) {
		String queue = RedisKeys.queueOf(key);
		rotate(queue);
		if (recordedTag != null) {
			// Already safe in the unacked bookkeeping: the runner that takes it parses it, so
			// that this one thread only moves messages.
			this.ready.add(new Received(queue, raw, recordedTag, null));
			return;
		}
		Delivery delivery;
		try {
			delivery = parse(raw, queue);
		}
		catch (MalformedMessageException ex) {
			rejectUnparsed(raw, queue, null, ex);
			return;
		}
		Envelope envelope = delivery.envelope();
		String deliveryTag = delivery.deliveryTag();
		CompletableFuture<Long> record = this.broker.recordUnacked(deliveryTag, raw, envelope.exchange(),
				envelope.routingKey());
		if (isAcksLate(envelope.taskName())) {
			// Recorded before it can run, so that a crash from here on loses nothing.
			record.join();
		}
		else {
			// Acknowledged as it starts, and the broker sends no ack before the record it
			// follows: nothing needs to wait for the reply here.
			record.whenComplete((ok, ex) -> {
				if (ex != null) {
					logger.error("Could not record message " + deliveryTag + " as unacknowledged: " + ex.getMessage());
				}
			});
		}
		this.ready.add(new Received(queue, raw, deliveryTag, delivery));
	}

	/**
	 * Parses a received message into a delivery.
	 * @throws MalformedMessageException when it is not an envelope or has no delivery tag
	 */
	private static Delivery parse(String raw, String queue) {
		Envelope envelope = Envelope.parse(raw);
		String deliveryTag = envelope.deliveryTag();
		if (deliveryTag == null) {
			throw envelope.malformedNoTag();
		}
		return new Delivery(envelope, queue, deliveryTag);
	}

	/**
	 * The delivery of a received message, parsing it if the consumer did not; a message
	 * that cannot be parsed is rejected (and its prefetch slot freed), and acknowledged
	 * if it was recorded.
	 */
	private @Nullable Delivery toDelivery(Received received) {
		try {
			return received.parsed();
		}
		catch (MalformedMessageException ex) {
			rejectUnparsed(received.raw(), received.queue(), received.deliveryTag(), ex);
			return null;
		}
	}

	/**
	 * A message taken from a queue: the tag it is recorded under as unacknowledged (if it
	 * is), and its delivery when the consumer already parsed it.
	 */
	private record Received(String queue, String raw, @Nullable String deliveryTag, @Nullable Delivery delivery) {

		/**
		 * The delivery, parsed now if the consumer did not. It keeps the tag the message is
		 * recorded under: that is the key its acknowledgement must remove.
		 */
		Delivery parsed() {
			if (this.delivery != null) {
				return this.delivery;
			}
			Delivery parsed = parse(this.raw, this.queue);
			if (this.deliveryTag != null && !this.deliveryTag.equals(parsed.deliveryTag())) {
				return new Delivery(parsed.envelope(), this.queue, this.deliveryTag);
			}
			return parsed;
		}

	}

	private boolean isAcksLate(@Nullable String taskName) {
		TaskEndpoint endpoint = (taskName != null) ? this.registry.get(taskName) : null;
		return (endpoint != null) ? endpoint.isAcksLate(this.settings.acksLate()) : this.settings.acksLate();
	}

	private void rejectUnparsed(String raw, String queue, @Nullable String recordedTag, MalformedMessageException ex) {
		try {
			this.rejecter.reject(raw, queue, recordedTag, ex);
		}
		finally {
			this.prefetch.release();
		}
	}

	/**
	 * A task's thread is stuck past its hard time limit: a fresh runner takes its place,
	 * and the stuck runner ends when the task finally returns.
	 */
	private void replaceRunner(Thread stuck) {
		this.retiring.add(stuck);
		if (this.active) {
			this.executor.execute(this::runLoop);
		}
	}

	private void runLoop() {
		try {
			while (this.active && !this.retiring.remove(Thread.currentThread())) {
				Received received;
				try {
					received = this.ready.poll(200, TimeUnit.MILLISECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
				Delivery delivery = (received != null) ? toDelivery(received) : null;
				if (delivery == null) {
					continue;
				}
				if (!this.active) {
					// Taken just as the worker stopped: give it back rather than start it.
					restore(delivery);
					this.prefetch.release();
					return;
				}
				process(delivery, true);
			}
		}
		finally {
			CountDownLatch done = this.runnersDone;
			if (done != null) {
				done.countDown();
			}
		}
	}

	private void process(Delivery delivery, boolean holdsPermit) {
		process(delivery, holdsPermit, false);
	}

	private void process(Delivery delivery, boolean holdsPermit, boolean slotReserved) {
		boolean permit = holdsPermit;
		this.running.incrementAndGet();
		CompletableFuture<?> outcome = CompletableFuture.completedFuture(null);
		try {
			TaskMessage message = this.runner.decode(delivery);
			if (message == null) {
				return;
			}
			if (message.eta() != null && message.eta().isAfter(Instant.now())) {
				if (Duration.between(Instant.now(), message.eta()).compareTo(parkBeyond()) > 0) {
					outcome = park(delivery, message);
				}
				else {
					scheduleForEta(delivery, message, message.eta(), false);
				}
				return;
			}
			TaskEndpoint endpoint = this.registry.get(message.task());
			if (!slotReserved && endpoint != null) {
				long waitNanos = this.rateLimiter.reserve(endpoint);
				if (waitNanos > 0) {
					scheduleForEta(delivery, message, Instant.now().plusNanos(waitNanos), true);
					return;
				}
			}
			if (permit && endpoint != null && !endpoint.isAcksLate(this.settings.acksLate())) {
				// Acknowledged as it starts: as in kombu, an acknowledged message no longer
				// counts against the prefetch limit (the runners bound what runs).
				this.prefetch.release();
				permit = false;
			}
			outcome = this.runner.run(delivery, message);
			this.outcomes.track(outcome);
		}
		catch (RuntimeException ex) {
			logger.error("Unexpected error processing message " + delivery.deliveryTag()
					+ "; it stays unacknowledged and is restored after the visibility timeout", ex);
		}
		finally {
			this.running.decrementAndGet();
			if (permit) {
				// Until acknowledged, which for acks-late comes after the result is written.
				outcome.whenComplete((ignored, ex) -> this.prefetch.release());
			}
		}
	}

	/**
	 * An eta further away than half the visibility timeout would be restored, and run,
	 * by some worker before it is due (Celery issue #2599): such messages are parked.
	 */
	private Duration parkBeyond() {
		return this.settings.visibilityTimeout().dividedBy(2);
	}

	private CompletableFuture<?> park(Delivery delivery, TaskMessage message) {
		logger.info("Parking task " + message.task() + "[" + message.id() + "] until its eta " + message.eta()
				+ " (beyond half the visibility timeout)");
		return this.broker.park(delivery.deliveryTag(), delivery.envelope().raw(), delivery.queue(),
				delivery.envelope().priority(), message.eta().toEpochMilli());
	}

	private void scheduleForEta(Delivery delivery, TaskMessage message, Instant eta, boolean slotReserved) {
		ScheduledExecutorService etaScheduler = this.scheduler;
		if (etaScheduler == null || etaScheduler.isShutdown()) {
			restore(delivery);
			return;
		}
		long delay = Math.max(0, Duration.between(Instant.now(), eta).toMillis());
		// Registered before it is scheduled: a short delay must not fire before it is known.
		Waiting waiting = new Waiting(message, eta);
		this.waitingForEta.put(delivery, waiting);
		waiting.future = etaScheduler.schedule(() -> {
			if (this.waitingForEta.remove(delivery) != null && this.active) {
				this.executor.execute(() -> process(delivery, false, slotReserved));
			}
		}, delay, TimeUnit.MILLISECONDS);
	}

	private void moveDueParked() {
		try {
			long moved = this.broker.moveDue();
			if (moved > 0) {
				logger.info("Moved " + moved + " parked task(s) whose eta came back to their queues");
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Could not move parked tasks: " + ex.getMessage());
		}
	}

	private void loadRevoked() {
		try {
			for (String id : this.broker.revokedIds()) {
				this.state.revoke(id, false);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not load revoked task ids: " + ex.getMessage());
		}
	}

	private void restoreTimedOut() {
		try {
			this.broker.restoreVisible(this.settings.visibilityTimeout());
		}
		catch (RuntimeException ex) {
			logger.debug("Could not restore timed-out messages: " + ex.getMessage());
		}
	}

	/**
	 * A message waiting for its eta (or its rate-limit slot).
	 */
	private static final class Waiting {

		final TaskMessage message;

		final Instant eta;

		volatile @Nullable ScheduledFuture<?> future;

		Waiting(TaskMessage message, Instant eta) {
			this.message = message;
			this.eta = eta;
		}

		void cancel() {
			ScheduledFuture<?> scheduled = this.future;
			if (scheduled != null) {
				scheduled.cancel(false);
			}
		}

	}

	/**
	 * What remote control sees and changes of this worker.
	 */
	private final class Control implements WorkerControl {

		@Override
		public WorkerSettings settings() {
			return CeleryWorker.this.settings;
		}

		@Override
		public TaskRegistry registry() {
			return CeleryWorker.this.registry;
		}

		@Override
		public WorkerState state() {
			return CeleryWorker.this.state;
		}

		@Override
		public List<String> queues() {
			return getQueues();
		}

		@Override
		public boolean addQueue(String queue) {
			synchronized (CeleryWorker.this.queueOrder) {
				if (CeleryWorker.this.queueOrder.contains(queue)) {
					return false;
				}
				CeleryWorker.this.broker.declareQueue(queue);
				CeleryWorker.this.queueOrder.add(queue);
				return true;
			}
		}

		@Override
		public boolean cancelQueue(String queue) {
			synchronized (CeleryWorker.this.queueOrder) {
				return CeleryWorker.this.queueOrder.remove(queue);
			}
		}

		@Override
		public Map<Delivery, TaskMessage> reserved() {
			Map<Delivery, TaskMessage> reserved = new java.util.LinkedHashMap<>();
			for (Received received : CeleryWorker.this.ready) {
				try {
					Delivery delivery = received.parsed();
					reserved.put(delivery, TaskMessageCodec.decode(delivery.envelope()));
				}
				catch (RuntimeException ex) {
					// shown once it is rejected
				}
			}
			return reserved;
		}

		@Override
		public Map<Delivery, Map.Entry<TaskMessage, Instant>> scheduled() {
			Map<Delivery, Map.Entry<TaskMessage, Instant>> scheduled = new java.util.LinkedHashMap<>();
			CeleryWorker.this.waitingForEta
				.forEach((delivery, waiting) -> scheduled.put(delivery, Map.entry(waiting.message, waiting.eta)));
			return scheduled;
		}

		@Override
		public boolean setTaskEvents(boolean enabled) {
			boolean changed = CeleryWorker.this.taskEvents != enabled;
			CeleryWorker.this.taskEvents = enabled;
			return changed;
		}

		@Override
		public void setRateLimit(String task, @Nullable String rateLimit) {
			TaskEndpoint endpoint = CeleryWorker.this.registry.get(task);
			if (endpoint != null) {
				endpoint.setRateLimit((rateLimit != null) ? rateLimit : "", endpoint.isGlobalRateLimit());
			}
		}

		@Override
		public void setTimeLimits(String task, @Nullable Double soft, @Nullable Double hard) {
			TaskEndpoint endpoint = CeleryWorker.this.registry.get(task);
			if (endpoint != null) {
				endpoint.setTimeLimits((soft != null) ? soft : 0, (hard != null) ? hard : 0);
			}
		}

		@Override
		public void persistRevoked(List<String> taskIds) {
			CeleryWorker.this.broker.persistRevoked(taskIds, CeleryWorker.this.settings.revokedExpires());
		}

		@Override
		public boolean shutdown() {
			if (!CeleryWorker.this.settings.remoteShutdown()) {
				return false;
			}
			Thread stopper = new Thread(CeleryWorker.this.shutdownAction, "celery-remote-shutdown");
			stopper.start();
			return true;
		}

		@Override
		public Map<String, Object> conf() {
			return CeleryWorker.this.conf;
		}

	}

	private static void join(Thread thread, Duration timeout) {
		try {
			thread.join(timeout.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
