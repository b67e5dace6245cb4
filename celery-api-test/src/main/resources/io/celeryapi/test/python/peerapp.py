"""Celery peer application used by celery-api integration tests.

Configured from the environment:
  PEER_BROKER    broker URL (required)
  PEER_BACKEND   result backend URL (required)
  PEER_EXTENDED  "1" enables result_extended
  PEER_TRACK     "1" enables task_track_started
  PEER_VT        broker visibility_timeout in seconds
"""
import json
import os
import time

from celery import Celery

app = Celery('peer', broker=os.environ['PEER_BROKER'], backend=os.environ['PEER_BACKEND'])
app.conf.update(
    worker_prefetch_multiplier=1,
    broker_connection_retry_on_startup=True,
    result_extended=os.environ.get('PEER_EXTENDED') == '1',
    task_track_started=os.environ.get('PEER_TRACK') == '1',
)
if os.environ.get('PEER_VT'):
    app.conf.broker_transport_options = {'visibility_timeout': int(os.environ['PEER_VT'])}

RECORDED_KEY = 'peer.recorded'
ERRORS_KEY = 'peer.errors'

_redis = None


def _redis_client():
    global _redis
    if _redis is None:
        import redis
        _redis = redis.Redis.from_url(os.environ['PEER_BROKER'])
    return _redis


class PeerError(Exception):
    """Custom exception with two arguments (message, code)."""

    def __init__(self, msg='custom boom', code=0):
        super().__init__(msg, code)
        self.msg = msg
        self.code = code


@app.task(name='peer.add')
def add(x, y):
    return x + y


@app.task(name='peer.mul')
def mul(x, y):
    return x * y


@app.task(name='peer.xsum')
def xsum(numbers):
    return sum(numbers)


@app.task(name='peer.echo')
def echo(*args, **kwargs):
    return {'args': list(args), 'kwargs': kwargs}


@app.task(name='peer.fail')
def fail(msg='boom'):
    raise ValueError(msg)


@app.task(name='peer.fail_custom')
def fail_custom(msg='custom boom'):
    raise PeerError(msg, 42)


@app.task(name='peer.slow')
def slow(seconds=2):
    time.sleep(seconds)
    return seconds


@app.task(name='peer.retry_once', bind=True, max_retries=3)
def retry_once(self, x):
    if self.request.retries == 0:
        raise self.retry(exc=RuntimeError('first attempt fails'), countdown=1)
    return x


@app.task(name='peer.on_error')
def on_error(request, exc=None, traceback=None):
    """Errback: records {"id", "task", "exc_class", "message"} as JSON on the list peer.errors.

    Called inline as (request, exc, traceback) by a Celery worker, or as a plain task with the
    failed task id as its only argument.
    """
    if isinstance(request, str):
        entry = {'id': request, 'task': None, 'exc_class': None, 'message': None}
    else:
        entry = {
            'id': getattr(request, 'id', None),
            'task': getattr(request, 'task', None),
            'exc_class': type(exc).__name__ if exc is not None else None,
            'message': str(exc) if exc is not None else None,
        }
    _redis_client().rpush(ERRORS_KEY, json.dumps(entry, default=repr))
    return entry


@app.task(name='peer.record')
def record(value):
    _redis_client().rpush(RECORDED_KEY, json.dumps(value))
    return value


@app.task(name='peer.size')
def size(data):
    return len(data)
