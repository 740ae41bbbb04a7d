"""Timing helper shared by the benchmark scripts (run inside ``odoo shell``, see workbench bench).

Every figure is printed twice: a line for people, and a ``BENCH-JSON`` line that
``python3 -m workbench benchmarks`` reads to write docs/benchmarks.md.
"""

import json
import statistics
import time

MARKER = "BENCH-JSON"
# Context of the data generators: no chatter, tracking or followers on bulk creates.
QUIET = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
}


def say(message):
    """A progress line of a data generator, timestamped."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def restore_order_dates(env, dates):
    """``action_confirm`` stamps orders with now: put the generated ``{order id: date}`` back."""
    order_ids = sorted(dates)
    env.cr.execute(
        "UPDATE sale_order SET date_order = v.d "
        "FROM (SELECT unnest(%s::int[]) AS id, unnest(%s::timestamp[]) AS d) v WHERE sale_order.id = v.id",
        [order_ids, [dates[i] for i in order_ids]],
    )


def generate_opportunities(env, rng, marker, partner_ids, count):
    """``count`` opportunities of random partners, amounts and stages, committed by thousands."""
    say("generating: opportunities")
    stages = env["crm.stage"].search([])
    for start in range(0, count, 1000):
        env["crm.lead"].create(
            [
                {
                    "name": f"{marker} deal {i}",
                    "type": "opportunity",
                    "partner_id": rng.choice(partner_ids),
                    "expected_revenue": rng.randrange(1000, 100000),
                    "stage_id": stages[rng.randrange(len(stages))].id,
                }
                for i in range(start, start + 1000)
            ]
        )
    env.cr.commit()


def emit(kind, **figures):
    """One machine-readable result line (``kind``: timing, ratio, data...)."""
    print(f"{MARKER} {json.dumps({'kind': kind, **figures}, default=str)}", flush=True)


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
    emit(
        "timing",
        label=label,
        median_ms=round(median, 2),
        min_ms=round(min(timings), 2),
        max_ms=round(max(timings), 2),
        queries=queries[-1],
        runs=runs,
    )
    return median


def ratio(label, value, aim=None):
    """A ratio between two figures (ours / Odoo's own equivalent, usually), printed and emitted."""
    print(f"ratio {label}: {value:.2f}x" + (f" (aim {aim})" if aim else ""))
    emit("ratio", label=label, value=round(value, 3), aim=aim)
    return value


def data(text):
    """What the data set holds, for the report."""
    print(f"data: {text}")
    emit("data", text=text)
