"""Python side of SoakTest: a Celery worker serving peer.add, which counts its runs per task id.

Configured from the environment:
  SOAK_BROKER   broker URL (required)
  SOAK_BACKEND  result backend URL (required)
  SOAK_VT       broker visibility_timeout in seconds (default 10)

Every run does HINCRBY soak.runs <task id> 1 and HINCRBY soak.workers <hostname> 1 on the
broker database, as the Java peer.add of the soak worker JVMs does. When the worker is ready
it pushes its hostname onto the list soak.ready.
"""
import os

import redis
from celery import Celery
from celery.signals import worker_ready

app = Celery('soak', broker=os.environ['SOAK_BROKER'], backend=os.environ['SOAK_BACKEND'])
app.conf.update(
    task_acks_late=True,
    worker_prefetch_multiplier=4,
    broker_connection_retry_on_startup=True,
    broker_transport_options={'visibility_timeout': int(os.environ.get('SOAK_VT', '10'))},
)

_redis = redis.Redis.from_url(os.environ['SOAK_BROKER'])


@app.task(name='peer.add', bind=True)
def add(self, x, y):
    pipe = _redis.pipeline(transaction=False)
    pipe.hincrby('soak.runs', self.request.id, 1)
    pipe.hincrby('soak.workers', self.request.hostname, 1)
    pipe.execute()
    return x + y


@worker_ready.connect
def _ready(sender=None, **kwargs):
    _redis.rpush('soak.ready', sender.hostname)
