"""Sends one task with the peer Celery app and prints the outcome as one JSON line.

Usage: python3 peer_client.py '<request json>'

Request: {"task": name, "args": [...], "kwargs": {...}, "options": {apply_async kwargs},
          "timeout": seconds (default 10), "wait": true}
options["eta"] (ISO string) is parsed with datetime.fromisoformat; options["expires"] is a
number of seconds or an ISO string.

Output: {"id": id} when wait is false; {"id", "status": "SUCCESS", "result"} on success;
{"id", "status", "exc_class", "exc_module", "message", "args"} on failure (status is the task
state, or "TIMEOUT" when no result arrived in time). Exit code 0 unless the request is invalid (2).
"""
import json
import sys
from datetime import datetime


def _json_safe(value):
    try:
        json.dumps(value)
        return value
    except (TypeError, ValueError):
        return repr(value)


def _error(task_id, status, e):
    return {
        'id': task_id,
        'status': status,
        'exc_class': type(e).__name__,
        'exc_module': type(e).__module__,
        'message': str(e),
        'args': [_json_safe(a) for a in getattr(e, 'args', ())],
    }


def _emit(obj):
    sys.stdout.write(json.dumps(obj, default=repr) + '\n')
    sys.stdout.flush()


def _invalid(message):
    sys.stderr.write('invalid request: ' + message + '\n')
    sys.exit(2)


def main():
    if len(sys.argv) < 2:
        _invalid('usage: peer_client.py <request json>')
    try:
        request = json.loads(sys.argv[1])
    except ValueError as e:
        _invalid(str(e))
    if not isinstance(request, dict) or not isinstance(request.get('task'), str):
        _invalid('a JSON object with a "task" string is required')
    args = request.get('args') or []
    kwargs = request.get('kwargs') or {}
    options = dict(request.get('options') or {})
    if not isinstance(args, list) or not isinstance(kwargs, dict):
        _invalid('"args" must be a list and "kwargs" an object')
    try:
        if isinstance(options.get('eta'), str):
            options['eta'] = datetime.fromisoformat(options['eta'])
        if isinstance(options.get('expires'), str):
            options['expires'] = datetime.fromisoformat(options['expires'])
    except ValueError as e:
        _invalid(str(e))
    timeout = request.get('timeout', 10)
    wait = request.get('wait', True)

    from celery.exceptions import TimeoutError as CeleryTimeoutError
    from peerapp import app

    try:
        r = app.send_task(request['task'], args=args, kwargs=kwargs, **options)
    except Exception as e:  # noqa: BLE001 - reported, not raised
        _emit(_error(None, 'SEND_ERROR', e))
        return
    if not wait:
        _emit({'id': r.id})
        return
    try:
        result = r.get(timeout=timeout)
    except CeleryTimeoutError as e:
        _emit(_error(r.id, 'TIMEOUT', e))
        return
    except Exception as e:  # noqa: BLE001 - the task's exception, reported
        try:
            state = r.state
        except Exception:  # noqa: BLE001
            state = 'FAILURE'
        _emit(_error(r.id, state, e))
        return
    _emit({'id': r.id, 'status': 'SUCCESS', 'result': result})


if __name__ == '__main__':
    main()
