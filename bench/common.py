"""Shared helpers for the benchmark scripts (run them via scripts/bench.sh)."""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def time_url(client, url, *, repeat, before=None):
    """Server time per request (in-process, no network), in ms, and the
    number of SQL queries of one request."""
    response = client.get(url)  # warm-up
    assert response.status_code == 200, (url, response.status_code)
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(url)
    timings = []
    for _ in range(repeat):
        if before:
            before()
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    return {
        "median": statistics.median(timings),
        "p95": percentile(timings, 0.95),
        "queries": len(executed),
    }


def report(rows, targets):
    print(f"{'page':<44} {'median ms':>10} {'p95 ms':>8} {'queries':>8}  target")
    ok = True
    for name, result in rows:
        median_target, p95_target = targets
        hit = result["median"] < median_target and result["p95"] < p95_target
        ok &= hit
        print(
            f"{name:<44} {result['median']:>10.1f} {result['p95']:>8.1f} "
            f"{result['queries']:>8}  {'OK' if hit else 'MISSED'} "
            f"(<{median_target}/<{p95_target})"
        )
    return ok


client = Client()
