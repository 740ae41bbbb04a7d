"""The load run through HAProxy: ``python3 -m workbench load --cluster`` (part of ``make load``).

The same data, users and tasks as ``workbench load`` (tests/load/locustfile.py), served by the
topology of ``workbench cluster``: two Odoo servers behind HAProxy, reads on the replica. Two runs:

- load: Locust for ``--run-time``; then the requests each server served (HAProxy's counters),
  which cursor served them (each request's log line ends with ``ro``, the replica, ``rw``, the
  primary, or ``ro->rw``, the primary after the replica), the replica's lag sampled every half
  second, and the bookings checked on the primary (none doubled, none lost);
- failover: Locust again, and ``odoo2`` killed with SIGKILL (main process and workers) part way:
  what the users saw, how long HAProxy took to stop sending to it, the bookings checked again.
"""

import json
import re
import signal
import threading
import time
from types import SimpleNamespace

from .cluster import ODOO_SERVERS, REPLICATION, Cluster
from .console import Timer, info, step
from .load import LOAD_DB, prepare, run_load
from .paths import LOCAL
from .postgres import SUPERUSER, autocommit_cursor

CLUSTER_LOAD_DB = f"{LOAD_DB}_cluster"
VICTIM = "odoo2"
FALLBACK = "has not replayed"  # kam_key_accounts/models/ir_http.py: a read served by the primary
REQUEST_LINE = re.compile(r'"POST \S+ HTTP/1.1" \d+ .* (ro|rw|ro->rw)$', re.MULTILINE)


class Target:
    """HAProxy's address and the primary: what run_load needs of a server."""

    def __init__(self, cluster, database):
        self.cluster, self.database, self.url = cluster, database, cluster.url

    def connect(self):
        return autocommit_cursor(self.cluster.primary.dsn(self.database))


class LogMark:
    """Each Odoo server's log from this point on."""

    def __init__(self, cluster):
        self.offsets = {name: self._path(cluster, name).stat().st_size for name in ODOO_SERVERS}
        self.cluster = cluster

    @staticmethod
    def _path(cluster, name):
        return cluster.logs / f"{name}.log"

    def text(self, name):
        with self._path(self.cluster, name).open(errors="replace") as log:
            log.seek(self.offsets[name])
            return log.read()

    def cursors(self):
        """{server: {"ro": n, "rw": n, "ro->rw": n, "fallbacks": n}} since the mark."""
        counts = {}
        for name in ODOO_SERVERS:
            text = self.text(name)
            found = {"ro": 0, "rw": 0, "ro->rw": 0}
            for mode in REQUEST_LINE.findall(text):
                found[mode] += 1
            found["fallbacks"] = text.count(FALLBACK)
            counts[name] = found
        return counts


class LagSampler(threading.Thread):
    """The replica's lag as the primary sees it (pg_stat_replication), every half second."""

    def __init__(self, cluster):
        super().__init__(daemon=True)
        self.cluster, self.samples, self.stopped = cluster, [], threading.Event()

    def run(self):
        while not self.stopped.wait(0.5):
            try:
                for row in self.cluster.primary.query(REPLICATION, user=SUPERUSER):
                    self.samples.append((int(row[3] or 0), float(row[4] or 0)))
            except Exception:
                continue

    def figures(self):
        self.stopped.set()
        self.join()
        if not self.samples:
            return {"samples": 0}
        bytes_behind = sorted(sample[0] for sample in self.samples)
        lag_ms = sorted(sample[1] for sample in self.samples)
        return {
            "samples": len(self.samples),
            "bytes_behind_p50": bytes_behind[len(bytes_behind) // 2],
            "bytes_behind_max": bytes_behind[-1],
            "replay_lag_ms_p50": lag_ms[len(lag_ms) // 2],
            "replay_lag_ms_p95": lag_ms[min(len(lag_ms) - 1, len(lag_ms) * 95 // 100)],
            "replay_lag_ms_max": lag_ms[-1],
        }


def _served(before, after):
    return {
        name: {
            key: after[name][key] - before.get(name, {}).get(key, 0) for key in after[name] if key != "status"
        }
        for name in after
    }


def _load(cluster, target, setup, args, odoo, config):
    step("Load through HAProxy: the same users and tasks, two Odoo servers, reads on the replica")
    stats, mark, sampler = cluster.haproxy_stats(), LogMark(cluster), LagSampler(cluster)
    sampler.start()
    problems = run_load(odoo, config, target, setup, args)
    lag = sampler.figures()
    screens = json.loads((LOCAL / "load" / target.database / "figures.json").read_text())
    served = _served(stats, cluster.haproxy_stats())
    cursors = mark.cursors()
    print(
        f"\n  {'server':<8}{'requests':>10}{'replica (ro)':>14}{'primary (rw)':>14}{'ro->rw':>8}{'waited':>8}"
    )
    for name in ODOO_SERVERS:
        count = cursors[name]
        print(
            f"  {name:<8}{served[name]['requests']:>10}{count['ro']:>14}{count['rw']:>14}"
            f"{count['ro->rw']:>8}{count['fallbacks']:>8}"
        )
    print(
        f"  replica lag over {lag.get('samples', 0)} samples: "
        f"replay lag p50 {lag.get('replay_lag_ms_p50')} ms, "
        f"p95 {lag.get('replay_lag_ms_p95')} ms, max {lag.get('replay_lag_ms_max')} ms; "
        f"WAL not yet replayed p50 {lag.get('bytes_behind_p50')} bytes, max {lag.get('bytes_behind_max')}",
        flush=True,
    )
    return problems, {"screens": screens, "servers": served, "cursors": cursors, "replica_lag": lag}


class Killer(threading.Thread):
    """After ``delay`` seconds, SIGKILL to the victim's process group; then HAProxy watched."""

    def __init__(self, cluster, delay):
        super().__init__(daemon=True)
        self.cluster, self.delay, self.outcome = cluster, delay, {}

    def run(self):
        time.sleep(self.delay)
        before = self.cluster.haproxy_stats()[VICTIM]
        killed = time.monotonic()
        pid = self.cluster.kill_odoo(VICTIM, signal.SIGKILL)
        self.outcome.update(pid=pid, requests_before=before["requests"], status_before=before["status"])
        while time.monotonic() - killed < 30:
            status = self.cluster.haproxy_stats()[VICTIM]
            if status["status"].startswith("DOWN"):
                self.outcome["detected_s"] = round(time.monotonic() - killed, 2)
                break
            time.sleep(0.05)
        time.sleep(2)
        self.outcome["requests_after"] = self.cluster.haproxy_stats()[VICTIM]["requests"]


def _failover(cluster, target, setup, args, odoo, config):
    run_time = args.failover_time
    step(
        f"Failover: Locust for {run_time}, {VICTIM} (main process and workers) "
        f"killed after {args.kill_after} s"
    )
    stats_before = cluster.haproxy_stats()
    killer = Killer(cluster, args.kill_after)
    killer.start()
    problems = run_load(
        odoo,
        config,
        target,
        setup,
        SimpleNamespace(**{**vars(args), "run_time": run_time}),
        failures_expected=True,
    )
    killer.join()
    served = _served(stats_before, cluster.haproxy_stats())
    outcome = killer.outcome
    figures_path = LOCAL / "load" / target.database / "figures.json"
    load_figures = json.loads(figures_path.read_text())
    step(f"Starting {VICTIM} again")
    timer = Timer()
    cluster.start_odoo(VICTIM)
    cluster.wait_for_odoo(VICTIM)
    cluster.wait_for_haproxy(timeout=60)
    back = str(timer)
    figures = {
        "killed_pid": outcome.get("pid"),
        "haproxy_detected_s": outcome.get("detected_s"),
        "sessions_sent_to_it_after_the_kill": outcome.get("requests_after", 0)
        - outcome.get("requests_before", 0),
        "user_errors": load_figures["errors"],
        "requests": load_figures["requests"],
        "haproxy": served,
        "bookings_created": load_figures["bookings_created"],
        "doubles": load_figures["doubles"],
        "lost": load_figures["lost"],
        "back_in_service": back,
    }
    print(
        f"\n  {VICTIM} killed (pid {figures['killed_pid']}): HAProxy marked it DOWN after "
        f"{figures['haproxy_detected_s']} s; the users saw {figures['user_errors']} failed requests of "
        f"{figures['requests']}; HAProxy retried {served[VICTIM]['retries']} connections and sent "
        f"{served[VICTIM]['redispatches']} to the other server\n"
        f"  bookings: {figures['bookings_created']} created, {figures['doubles']} double, "
        f"{figures['lost']} lost; "
        f"{VICTIM} back in HAProxy {back} after its restart",
        flush=True,
    )
    if outcome.get("status_before") != "UP":
        problems.append(f"{VICTIM} was {outcome.get('status_before')} in HAProxy before the kill, not UP")
    if not figures["haproxy_detected_s"]:
        problems.append(f"HAProxy did not mark {VICTIM} DOWN within 30 s")
    return problems, figures


def run_cluster(odoo, args):
    config = odoo.config("test")
    work = LOCAL / "load" / CLUSTER_LOAD_DB
    work.mkdir(parents=True, exist_ok=True)
    setup = prepare(odoo, config, CLUSTER_LOAD_DB, work / "setup.json", args.kam_users)
    cluster = Cluster(odoo)
    cluster.start(CLUSTER_LOAD_DB, CLUSTER_LOAD_DB, copy=True)
    odoo.drop(CLUSTER_LOAD_DB)  # served from the primary now
    target = Target(cluster, CLUSTER_LOAD_DB)
    try:
        problems, load_figures = _load(cluster, target, setup, args, odoo, config)
        failover_problems, failover_figures = _failover(cluster, target, setup, args, odoo, config)
    finally:
        cluster.stop()
    problems += failover_problems
    (work / "cluster-figures.json").write_text(
        json.dumps({"load": load_figures, "failover": failover_figures}, indent=1, default=str)
    )
    info(f"figures: {work / 'cluster-figures.json'}")
    return problems
