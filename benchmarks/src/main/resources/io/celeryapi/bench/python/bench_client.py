"""Python Celery caller of the celery-api benchmarks.

Usage: python3 bench_client.py '<request json>'

Request: {"mode": "sync" | "many" | "throughput", "queue": name, "calls": n, "warmup": n,
          "inflight": n (many), "ignoreResult": bool (throughput), "timeout": seconds}

Prints one JSON object on stdout:
  sync, many:  {"latenciesNs": [...], "seconds": wall time of the measured calls, "errors": n}
  throughput:  {"seconds": first publish to last task done, "publishSeconds": publishing only,
                "cpuSeconds": this process's CPU time over the run, "errors": n}

Every call is the idiomatic one: task.apply_async(...) then AsyncResult.get().
"""
import json
import sys
import threading
import time


def _call(task, queue, i, timeout):
    return task.apply_async((i, 1), queue=queue).get(timeout=timeout)


def sync(task, req):
    queue, timeout = req['queue'], req.get('timeout', 30)
    errors = 0
    for i in range(req.get('warmup', 0)):
        _call(task, queue, i, timeout)
    latencies = []
    start = time.perf_counter_ns()
    for i in range(req['calls']):
        t0 = time.perf_counter_ns()
        try:
            if _call(task, queue, i, timeout) != i + 1:
                errors += 1
        except Exception:  # noqa: BLE001 - counted
            errors += 1
        latencies.append(time.perf_counter_ns() - t0)
    seconds = (time.perf_counter_ns() - start) / 1e9
    return {'latenciesNs': latencies, 'seconds': seconds, 'errors': errors}


def many(task, req):
    """`inflight` threads, each a caller that calls and waits, share `calls` calls."""
    queue, timeout = req['queue'], req.get('timeout', 30)
    inflight = req['inflight']
    lock = threading.Lock()
    state = {'next': 0, 'errors': 0}
    latencies = []

    def run(total, record):
        while True:
            with lock:
                i = state['next']
                if i >= total:
                    return
                state['next'] = i + 1
            t0 = time.perf_counter_ns()
            ok = False
            try:
                ok = _call(task, queue, i, timeout) == i + 1
            except Exception:  # noqa: BLE001 - counted
                pass
            elapsed = time.perf_counter_ns() - t0
            if record:
                with lock:
                    latencies.append(elapsed)
                    if not ok:
                        state['errors'] += 1

    def phase(total, record):
        state['next'] = 0
        threads = [threading.Thread(target=run, args=(total, record)) for _ in range(inflight)]
        start = time.perf_counter_ns()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return (time.perf_counter_ns() - start) / 1e9

    phase(req.get('warmup', 0), False)
    seconds = phase(req['calls'], True)
    return {'latenciesNs': latencies, 'seconds': seconds, 'errors': state['errors']}


def throughput(app, task, req):
    queue, timeout = req['queue'], req.get('timeout', 120)
    n = req['calls']
    ignore = bool(req.get('ignoreResult'))
    errors = 0
    cpu0 = time.process_time()
    start = time.perf_counter_ns()
    if ignore:
        for i in range(n):
            task.apply_async((i, 1), queue=queue, ignore_result=True)
    else:
        results = [task.apply_async((i, 1), queue=queue) for i in range(n)]
    published = time.perf_counter_ns()
    if ignore:
        # A last task with a result: once it ran, every earlier one was taken from the queue;
        # then wait until every taken message is acknowledged (acks happen as tasks start).
        task.apply_async((0, 0), queue=queue).get(timeout=timeout)
        _wait_drained(app, queue, timeout)
    else:
        for i, r in enumerate(results):
            try:
                if r.get(timeout=timeout) != i + 1:
                    errors += 1
            except Exception:  # noqa: BLE001 - counted
                errors += 1
    done = time.perf_counter_ns()
    return {'seconds': (done - start) / 1e9, 'publishSeconds': (published - start) / 1e9,
            'cpuSeconds': time.process_time() - cpu0, 'errors': errors}


def _wait_drained(app, queue, timeout):
    with app.connection_for_write() as conn:
        client = conn.default_channel.client
        deadline = time.monotonic() + timeout
        clear = 0
        while time.monotonic() < deadline:
            if client.llen(queue) == 0 and client.hlen('unacked') == 0:
                clear += 1
                if clear >= 2:
                    return
            else:
                clear = 0
            time.sleep(0.002)
        raise TimeoutError('queue %s not drained in %ss' % (queue, timeout))


def main():
    req = json.loads(sys.argv[1])
    from benchapp import app, add
    mode = req['mode']
    if mode == 'sync':
        out = sync(add, req)
    elif mode == 'many':
        out = many(add, req)
    elif mode == 'throughput':
        out = throughput(app, add, req)
    else:
        raise SystemExit('unknown mode ' + mode)
    sys.stdout.write(json.dumps(out) + '\n')
    sys.stdout.flush()


if __name__ == '__main__':
    main()
