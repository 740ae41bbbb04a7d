"""Load and fault runs: ``python3 -m workbench load [--faults]`` (``make load``).

Both serve Odoo in prefork mode (``--workers 2``, 127.0.0.1 only) on a fresh copy of the add-ons'
template database, with KAM users, plans and bookable spaces added by tests/load/prepare_load_db.py.

- load: Locust (tests/load/locustfile.py) runs headless, N users for a bounded time, then the
  database is checked: no two bookings hold the same space at the same time, and every booking a
  user was told was created exists.
- faults: one JSON-RPC call creates a batch of bookings; the worker serving it is killed with
  SIGKILL part way; Odoo's main process spawns a new worker; the batch must be all there or absent.
"""

import csv
import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import datetime, timedelta
from http.cookiejar import CookieJar

from .console import Timer, WorkbenchError, info, step
from .paths import HTTP_PORT, LOCAL, ROOT
from .postgres import autocommit_cursor

LOAD_DB = os.environ.get("KAM_LOAD_DB", "kam_load")
# Beside the ports of make run (HTTP_PORT), the tests (+10) and the run-command test (+28).
PORT = HTTP_PORT + 40
WORKERS = 2
LOAD_DIR = ROOT / "tests" / "load"

# Bookings that hold the same space over overlapping times: must be none (PostgreSQL forbids it).
DOUBLE_BOOKINGS = """
    SELECT count(*)
      FROM mice_booking a
      JOIN mice_booking b
        ON a.space_id = b.space_id AND a.id < b.id
       AND tsrange(a.hold_start, a.hold_end, '[)') && tsrange(b.hold_start, b.hold_end, '[)')
     WHERE a.holds_space AND b.holds_space
"""


# Transactions open on the database, ours excepted: during a fault run, the batch's.
OPEN_TRANSACTIONS = """
    SELECT count(*) FROM pg_stat_activity
     WHERE datname = %s AND xact_start IS NOT NULL AND state <> 'idle' AND pid <> pg_backend_pid()
"""


class Server:
    """odoo-bin with two prefork workers on the load database, stopped when the block ends."""

    def __init__(self, odoo, config, database, port=PORT):
        self.odoo, self.config, self.database, self.port = odoo, config, database, port
        self.url = f"http://127.0.0.1:{port}"
        self.log = LOCAL / "logs" / f"{database}-server.log"
        self.process = None

    def __enter__(self):
        cmd = self.odoo.command(
            self.config,
            "-d",
            self.database,
            "--db-filter",
            f"^{self.database}$",
            "--workers",
            WORKERS,
            "--max-cron-threads",
            0,
            "--http-interface",
            "127.0.0.1",
            "--http-port",
            self.port,
            "--gevent-port",
            self.port + 3,
            "--limit-time-real",
            300,
            "--logfile",
            self.log,
        )
        # odoo-bin, not ``-m odoo``: the main process starts its gevent worker with sys.argv[0]
        cmd[1:3] = [str(self.odoo.src / "odoo-bin")]
        step(f"Serving {self.database} with {WORKERS} workers on {self.url} (log: {self.log})")
        self.process = subprocess.Popen(cmd, start_new_session=True)
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{self.url}/web/login", timeout=10) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise WorkbenchError(f"Odoo did not start on {self.url}; see {self.log}")
            time.sleep(0.5)
        info(f"workers: {self.worker_pids()}")
        return self

    def __exit__(self, *exc):
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def connect(self):
        return connect(self.odoo, self.database)

    def worker_pids(self):
        """The HTTP workers: children of the main process, less the gevent (long polling) one."""
        import psutil

        pids = []
        for child in psutil.Process(self.process.pid).children():
            try:
                if child.status() != psutil.STATUS_ZOMBIE and "gevent" not in child.cmdline():
                    pids.append(child.pid)
            except psutil.NoSuchProcess:
                continue  # a worker that just died, or exited after its request limit
        return sorted(pids)

    def worker_serving(self, client_port):
        """The worker holding the TCP connection that comes from our ``client_port``."""
        import psutil

        for pid in self.worker_pids():
            try:
                connections = psutil.Process(pid).connections(kind="tcp")
            except psutil.NoSuchProcess:
                continue
            if any(c.raddr and c.raddr.port == client_port for c in connections):
                return pid
        return None


class Session:
    """A web client's session: cookies from /web/session/authenticate, then JSON-RPC calls."""

    def __init__(self, url, database, login):
        self.url = url
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.result = self.post(
            "/web/session/authenticate", {"db": database, "login": login, "password": login}
        )

    def post(self, path, params, timeout=120):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}).encode()
        request = urllib.request.Request(self.url + path, body, {"Content-Type": "application/json"})
        with self.opener.open(request, timeout=timeout) as response:
            payload = json.loads(response.read())
        if payload.get("error"):
            raise WorkbenchError(f"{path}: {payload['error']['data']['message']}")
        return payload["result"]

    def cookie_header(self):
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.jar)


# ---------------------------------------------------------------------------------- database
def prepare(odoo, config, database, setup_path, users):
    """A fresh copy of the template with the load data; returns what the data set holds."""
    template = odoo.addons_template(config, strict=False)
    odoo.copy(template, database)
    step(f"Adding {users} KAM users, their accounts, plans and bookable spaces to {database}")
    env = dict(os.environ, KAM_LOAD_SETUP=str(setup_path), KAM_LOAD_USERS=str(users))
    with (LOAD_DIR / "prepare_load_db.py").open() as script:
        subprocess.run(
            odoo.command(config, "shell", "-d", database, "--no-http", "--log-level", "warn"),
            stdin=script,
            env=env,
            check=True,
        )
    return json.loads(setup_path.read_text())


def connect(odoo, database):
    return autocommit_cursor(odoo.server.dsn(database))


def query_one(odoo, database, sql, params=()):
    with connect(odoo, database) as cr:
        cr.execute(sql, params)
        return cr.fetchone()[0]


# ---------------------------------------------------------------------------------- load
def _locust_stats(csv_prefix):
    with open(f"{csv_prefix}_stats.csv", newline="") as handle:
        return {row["Name"]: row for row in csv.DictReader(handle)}


def _percentile(values, percent):
    if not values:
        return 0.0
    return values[min(len(values) - 1, int(len(values) * percent / 100))]


def run_load(odoo, config, server, setup, args, *, failures_expected=False):
    """Locust against ``server.url``, then the bookings checked in ``server.database`` (through
    ``server.connect``); returns the problems found. ``failures_expected``: failed requests are
    counted but are no problem (a server is killed on purpose)."""
    work = LOCAL / "load" / server.database
    results_path = work / "results.json"
    results_path.unlink(missing_ok=True)
    csv_prefix = work / "locust"
    env = dict(
        os.environ,
        KAM_LOAD_SETUP=str(work / "setup.json"),
        KAM_LOAD_RESULTS=str(results_path),
        KAM_LOAD_DB=server.database,
    )

    def bookings_in_spaces(cr):
        cr.execute("SELECT count(*) FROM mice_booking WHERE space_id = ANY(%s)", (setup["spaces"],))
        return cr.fetchone()[0]

    with server.connect() as cr:  # bookings of an earlier run on the same database
        earlier = bookings_in_spaces(cr)
    step(f"Locust: {args.users} users (spawn rate {args.spawn_rate}/s) for {args.run_time} on {server.url}")
    timer = Timer()
    cmd = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(LOAD_DIR / "locustfile.py"),
        "--headless",
        "-u",
        str(args.users),
        "-r",
        str(args.spawn_rate),
        "--run-time",
        args.run_time,
        "--stop-timeout",
        "30",
        "--host",
        server.url,
        "--csv",
        str(csv_prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    subprocess.run(cmd, env=env, check=False)
    info(f"locust finished in {timer}")
    if not results_path.is_file():
        raise WorkbenchError("Locust wrote no results (see its output above)")
    results = json.loads(results_path.read_text())
    stats = _locust_stats(csv_prefix)
    booked = results["booked"]
    with server.connect() as cr:
        cr.execute(DOUBLE_BOOKINGS)
        doubles = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM mice_booking WHERE id = ANY(%s)", (booked,))
        found = cr.fetchone()[0]
        in_db = bookings_in_spaces(cr) - earlier
    lost = len(booked) - found
    # the screens only: logging in is Odoo's password hashing, timed on its own line below
    timings = results["timings"]
    times = sorted(ms for _name, _start, ms in timings)
    starts = [start for _name, start, _ms in timings]
    span = (max(starts) - min(starts)) if len(starts) > 1 else 1.0
    real_errors = len(results["errors"])
    figures = {
        "users": args.users,
        "run_time": args.run_time,
        "requests": len(times),
        "requests_per_s": round(len(times) / span, 1),
        "p50_ms": round(_percentile(times, 50)),
        "p95_ms": round(_percentile(times, 95)),
        "errors": real_errors,
        "clashes_refused": results["clashes"],
        "bookings_created": len(booked),
        "bookings_in_db": in_db,
        "doubles": doubles,
        "lost": lost,
        "per_request": {
            name: {
                "count": int(row["Request Count"]),
                "p50_ms": int(float(row["50%"])),
                "p95_ms": int(float(row["95%"])),
                "failures": int(row["Failure Count"]),
            }
            for name, row in stats.items()
            if name != "Aggregated"
        },
    }
    (work / "figures.json").write_text(json.dumps(figures, indent=1))
    print(
        f"\nLoad: {figures['requests']} screen requests in {args.run_time} by {args.users} users: "
        f"{figures['requests_per_s']} req/s, p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms\n"
        f"  errors: {real_errors} (and {results['clashes']} booking clashes refused, as expected)\n"
        f"  bookings: {len(booked)} created and reported, {in_db} in the database, "
        f"{doubles} double bookings, {lost} lost",
        flush=True,
    )
    for message in results["errors"][:10]:
        info(f"error: {message}")
    print(f"  {'request':<36}{'count':>7}{'p50 ms':>8}{'p95 ms':>8}{'failed':>8}")
    for name, row in figures["per_request"].items():
        print(f"  {name:<36}{row['count']:>7}{row['p50_ms']:>8}{row['p95_ms']:>8}{row['failures']:>8}")
    problems = []
    if doubles:
        problems.append(f"{doubles} double bookings")
    if lost or in_db != len(booked):
        problems.append(f"{lost} bookings lost, {in_db} in the database for {len(booked)} reported")
    if real_errors and not failures_expected:
        problems.append(f"{real_errors} requests failed")
    return problems


# ---------------------------------------------------------------------------------- faults
def _batch_values(setup, request_id, batch, size):
    """``size`` one-hour bookings of the fault space that clash with no other batch."""
    first = datetime(2032, 1, 1) + timedelta(days=40 * batch)
    values = []
    for index in range(size):
        start = first + timedelta(days=index // 8, hours=8 + index % 8)
        values.append(
            {
                "request_id": request_id,
                "space_id": setup["fault_space_id"],
                "date_start": start.strftime("%Y-%m-%d %H:%M:%S"),
                "date_end": (start + timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S"),
                "attendees": 10,
                "layout": "theatre",
                # a first option holds the space as a confirmed booking does (a booking is created
                # as an option and confirmed by its action)
                "state": "option",
                "option_rank": "1",
                "option_expiry": start.strftime("%Y-%m-%d"),
                "notes": f"fault batch {batch}",
            }
        )
    return values


def _create_batch(server, session, values, outcome):
    """POST the batch on a connection of our own, so its client port names the worker serving it."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=300)
    connection.connect()
    outcome["client_port"] = connection.sock.getsockname()[1]
    body = json.dumps(
        {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {
                "model": "mice.booking",
                "method": "create",
                "args": [values],
                "kwargs": {},
            },
        }
    )
    headers = {"Content-Type": "application/json", "Cookie": session.cookie_header()}
    started = time.monotonic()
    try:
        connection.request("POST", "/web/dataset/call_kw/mice.booking/create", body, headers)
        payload = json.loads(connection.getresponse().read())
        outcome["answer"] = "error" if payload.get("error") else f"{len(payload['result'])} ids"
    except (ConnectionError, http.client.HTTPException, OSError) as error:
        outcome["answer"] = f"connection lost ({type(error).__name__})"
    finally:
        outcome["seconds"] = time.monotonic() - started
        connection.close()


def _count_batch(odoo, database, batch):
    with connect(odoo, database) as cr:
        cr.execute(
            "SELECT count(*), count(s.id) FROM mice_booking b "
            "LEFT JOIN mice_booking_slot s ON s.booking_id = b.id WHERE b.notes = %s",
            (f"fault batch {batch}",),
        )
        return cr.fetchone()


def _wait_for_workers(server, killed, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pids = server.worker_pids()
        if len(pids) >= WORKERS and killed not in pids:
            return pids
        time.sleep(0.2)
    raise WorkbenchError(f"Odoo did not replace the killed worker {killed} within {timeout} s")


def run_faults(odoo, server, setup, kills, size):
    """A reference batch, then ``kills`` batches whose worker is killed at spread-out moments."""
    login = setup["users"][0]
    session = Session(server.url, server.database, login)
    request_id = setup["requests"][login]
    step(f"Fault run: batches of {size} bookings in one create call, the serving worker killed with SIGKILL")
    reference = {}
    _create_batch(server, session, _batch_values(setup, request_id, 0, size), reference)
    count, slots = _count_batch(odoo, server.database, 0)
    answer, seconds = reference["answer"], reference["seconds"]
    info(f"reference batch (no kill): {answer} in {seconds:.2f} s, {count} in the database")
    if count != size or slots != size:
        return [f"the reference batch left {count} bookings and {slots} slots, not {size}"]
    # the kills are timed on a warm call: the first call of a worker pays for loading the registry,
    # and on a busy machine a cold reference outlasts the batches to be cut short
    warm = {}
    _create_batch(server, session, _batch_values(setup, request_id, kills + 1, size), warm)
    duration = min(reference["seconds"], warm["seconds"])
    info(
        f"warm batch (no kill): {warm['answer']} in {warm['seconds']:.2f} s; kills timed on {duration:.2f} s"
    )
    rows, problems = [], []
    for batch in range(1, kills + 1):
        delay = duration * batch / (kills + 1)  # from early in the call to near its end
        outcome = {}
        thread = threading.Thread(
            target=_create_batch,
            args=(server, session, _batch_values(setup, request_id, batch, size), outcome),
        )
        thread.start()
        time.sleep(delay)
        victim = server.worker_serving(outcome.get("client_port"))
        # the call's transaction is open in PostgreSQL when the worker dies (idle workers hold none)
        in_transaction = query_one(odoo, server.database, OPEN_TRANSACTIONS, (server.database,))
        if victim:
            os.kill(victim, signal.SIGKILL)
        respawn = Timer()
        thread.join(timeout=300)
        if victim:
            _wait_for_workers(server, victim)
        respawn = str(respawn)
        count, slots = _count_batch(odoo, server.database, batch)
        state = "absent" if count == 0 else "complete" if count == size and slots == size else "PARTIAL"
        rows.append((batch, delay, victim, in_transaction, outcome.get("answer"), count, state, respawn))
        if state == "PARTIAL":
            problems.append(f"batch {batch}: {count} of {size} bookings ({slots} slots) after the kill")
    if not any(row[2] for row in rows):
        problems.append("no call was still being served when its worker was to be killed")
    # the server still serves: the replacement workers answer a new call
    session = Session(server.url, server.database, login)
    alive = session.post(
        "/web/dataset/call_kw/mice.booking/search_count",
        {"model": "mice.booking", "method": "search_count", "args": [[]], "kwargs": {}},
    )
    header = f"{'batch':<6}{'kill at':>8}{'worker':>8}{'open tx':>8}  {'the client saw':<38}{'in db':>6}"
    print(f"\n  {header}  outcome")
    for batch, delay, victim, in_transaction, answer, count, state, respawn in rows:
        killed = f"{victim or 'none':>8}{in_transaction:>8}"
        outcome = f"{state} (new worker in {respawn})" if victim else f"{state} (answered before the kill)"
        print(f"  {batch:<6}{delay:>7.2f}s{killed}  {answer or '-':<38}{count:>6}  {outcome}")
    print(f"  after the kills, the new workers answer: {alive} bookings in the database", flush=True)
    return problems


# ---------------------------------------------------------------------------------- command
def run(odoo, args):
    if args.cluster:
        from .cluster_load import run_cluster

        problems = run_cluster(odoo, args)
        print("\nFAILED: " + "; ".join(problems) if problems else "\nOK", flush=True)
        return 1 if problems else 0
    config = odoo.config("test")
    work = LOCAL / "load" / LOAD_DB
    work.mkdir(parents=True, exist_ok=True)
    setup = prepare(odoo, config, LOAD_DB, work / "setup.json", args.kam_users)
    problems = []
    with Server(odoo, config, LOAD_DB, port=args.port) as server:
        if not args.faults:
            problems += run_load(odoo, config, server, setup, args)
        if args.faults or args.with_faults:
            problems += run_faults(odoo, server, setup, args.kills, args.batch)
    if problems:
        print("\nFAILED: " + "; ".join(problems), flush=True)
        return 1
    print("\nOK", flush=True)
    return 0


def add_arguments(parser):
    parser.add_argument(
        "--cluster",
        action="store_true",
        help="through HAProxy to two Odoo servers reading on a replica (workbench cluster), then one killed",
    )
    parser.add_argument("--kill-after", type=int, default=20, help="--cluster: seconds before the kill")
    parser.add_argument(
        "--failover-time", default="1m", help="--cluster: Locust's --run-time of the failover run"
    )
    parser.add_argument("--faults", action="store_true", help="only the kill-worker fault run")
    parser.add_argument("--with-faults", action="store_true", help="the fault run after the load run")
    parser.add_argument("--users", type=int, default=30, help="simulated users (default 30)")
    parser.add_argument("--spawn-rate", type=int, default=10, help="users started per second (default 10)")
    parser.add_argument("--run-time", default="2m", help="Locust's --run-time (default 2m)")
    parser.add_argument("--kam-users", type=int, default=6, help="KAM users the simulated users log in as")
    parser.add_argument("--kills", type=int, default=5, help="batches whose worker is killed (default 5)")
    parser.add_argument("--batch", type=int, default=500, help="bookings in one create call (default 500)")
    parser.add_argument(
        "--port", type=int, default=PORT, help=f"HTTP port (default KAM_HTTP_PORT + 40 = {PORT})"
    )
