#!/usr/bin/env python3
"""Medians of several full benchmark runs, as the README's Performance table shows them.

Usage: python3 benchmarks/medians.py run1.json run2.json run3.json

Each file is the JSON of one `mvn -q -pl benchmarks exec:exec` run (-Dbench.out=...).
Prints a markdown table: per figure, the median over the runs and the range, for the Java
row and the Python Celery reference of the same run, and the median of the per-run ratios.
"""
import json
import statistics
import sys


def load(path):
    with open(path) as f:
        return json.load(f)


def row(rows, label):
    return next(r for r in rows if r['label'] == label)


def python_ref(rows):
    """The fastest Python -> Python row (the run's reference for ratios)."""
    python = [r for r in rows if r['label'].startswith('Python → Python')]
    return max(python, key=lambda r: r['callsPerSecond'])


def throughput(run, ignore, java):
    for r in run['throughput']:
        if r['ignoreResult'] == ignore and not r['probe']:
            if java and r['worker'] == 'java':
                return r
            if not java and r.get('isPythonReference'):
                return r
    return None


def figures(run):
    f = {}
    sync, many = run['sync'], run['many']
    jj, pp = row(sync, 'Java → Java'), python_ref(sync)
    f['sync calls/s'] = (jj['callsPerSecond'], pp['callsPerSecond'])
    for p in ('p50Ms', 'p90Ms', 'p99Ms'):
        f['sync ' + p[:3] + ' ms'] = (jj[p], pp[p])
    mj, mp = row(many, 'Java → Java'), python_ref(many)
    f['64 in flight calls/s'] = (mj['callsPerSecond'], mp['callsPerSecond'])
    f['64 in flight p50 ms'] = (mj['p50Ms'], mp['p50Ms'])
    f['64 in flight p99 ms'] = (mj['p99Ms'], mp['p99Ms'])
    for ignore, name in ((False, 'results'), (True, 'ignore_result')):
        j, p = throughput(run, ignore, True), throughput(run, ignore, False)
        f['throughput ' + name + ' tasks/s'] = (j['callsPerSecond'], p['callsPerSecond'] if p else None)
        f['worker CPU ms/task, ' + name] = (j['workerCpuSecondsPer1000'], p['workerCpuSecondsPer1000'] if p else None)
    java_worker = next(w for w in run['workers'] if w['worker'] == 'java')
    ref_worker = next((w for w in run['workers'] if w.get('isPythonReference')), None)
    f['worker peak RSS MiB'] = (java_worker['peakRssMiB'], ref_worker['peakRssMiB'] if ref_worker else None)
    return f


def fmt(value):
    if value is None:
        return '–'
    if value >= 100:
        return f'{value:,.0f}'
    if value >= 10:
        return f'{value:.1f}'
    if value >= 1:
        return f'{value:.2f}'
    return f'{value:.3f}'


def main(paths):
    runs = [figures(load(p)) for p in paths]
    print(f'| Figure (median of {len(runs)} runs; Java range) | Java | Python Celery | Ratio |')
    print('|---|--:|--:|--:|')
    for key in runs[0]:
        java = [r[key][0] for r in runs]
        python = [r[key][1] for r in runs if r[key][1] is not None]
        ratios = [r[key][0] / r[key][1] for r in runs if r[key][1]]
        lower_is_better = key.endswith(' ms') or 'CPU' in key or 'RSS' in key
        ratio = statistics.median(ratios) if ratios else None
        if ratio and lower_is_better:
            ratio_text = f'{ratio:.2f}x'
        elif ratio:
            ratio_text = f'{ratio:.1f}x'
        else:
            ratio_text = '–'
        print(f'| {key} ({fmt(min(java))}–{fmt(max(java))}) | {fmt(statistics.median(java))} '
              f'| {fmt(statistics.median(python)) if python else "–"} | {ratio_text} |')


if __name__ == '__main__':
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
