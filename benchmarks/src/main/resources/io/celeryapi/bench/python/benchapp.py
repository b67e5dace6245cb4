"""Celery application of the celery-api benchmarks: one no-op task, bench.add.

Configured from the environment:
  BENCH_BROKER      broker URL (required)
  BENCH_BACKEND     result backend URL (required)
  BENCH_READY_FILE  written when the worker is ready to consume (optional)
  BENCH_PREFETCH    worker_prefetch_multiplier (optional, Celery's default is 4)

Everything else is Celery's default, as a user gets it.
"""
import os

from celery import Celery
from celery.signals import worker_ready

app = Celery('bench', broker=os.environ['BENCH_BROKER'], backend=os.environ['BENCH_BACKEND'])
app.conf.update(broker_connection_retry_on_startup=True)
if os.environ.get('BENCH_PREFETCH'):
    app.conf.worker_prefetch_multiplier = int(os.environ['BENCH_PREFETCH'])


@app.task(name='bench.add')
def add(x, y):
    return x + y


@worker_ready.connect
def _ready(**_):
    path = os.environ.get('BENCH_READY_FILE')
    if path:
        with open(path, 'w') as f:
            f.write(str(os.getpid()))
