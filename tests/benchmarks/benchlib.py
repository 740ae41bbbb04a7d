"""Timing helper shared by the benchmark scripts (run inside ``odoo shell``, see workbench bench)."""

import statistics
import time


def measure(env, label, function, runs=7):
    """Median wall time of ``function`` after a warm-up, with the queries of its last run."""
    function()  # warm-up: caches, prepared plans
    timings, queries = [], []
    for _run in range(runs):
        env.invalidate_all()
        before = env.cr.sql_log_count
        start = time.perf_counter()
        function()
        timings.append((time.perf_counter() - start) * 1000)
        queries.append(env.cr.sql_log_count - before)
    median = statistics.median(timings)
    print(
        f"{label:<68} median {median:8.1f} ms  min {min(timings):7.1f}  max {max(timings):7.1f}  "
        f"queries {queries[-1]}"
    )
    return median
