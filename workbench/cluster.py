"""Scale-out on one machine: ``python3 -m workbench cluster start|stop|status``.

Odoo's own answer to more users than one server serves, every part on 127.0.0.1:

- a PostgreSQL primary and a streaming replica (``pg_basebackup``, hot standby), from the
  binaries of the embedded cluster, each listening on its own port;
- two Odoo servers (``--workers 2`` each, ``proxy_mode``), writing to the primary and reading
  with ``db_replica_host``/``db_replica_port`` from the replica, sharing one data directory (the
  filestore and the sessions);
- HAProxy (Debian's package) in front, checking each server's ``/web/health`` every second.

The database served is copied from the embedded cluster (the add-ons' template with its demo
data, or any database with ``--source``), with its filestore. What was started lives in
``.local/cluster`` (or ``KAM_CLUSTER_HOME``) and keeps running until ``cluster stop``.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from .console import Timer, WorkbenchError, info, run, step
from .odoo_source import extra_addons_paths
from .paths import HTTP_PORT, LOCAL, ROOT
from .postgres import ODOO_ROLE, SUPERUSER, EmbeddedCluster, autocommit_cursor
from .system import ensure_packages

HOME = Path(os.environ.get("KAM_CLUSTER_HOME") or LOCAL / "cluster")
DATABASE = os.environ.get("KAM_CLUSTER_DB", "kam_cluster")
# Beside make run (HTTP_PORT), the tests (+10), the run-command test (+28), make load (+40) and
# the fault test (+50).
HAPROXY_PORT = int(os.environ.get("KAM_CLUSTER_PORT") or HTTP_PORT + 60)
STATS_PORT = HAPROXY_PORT + 1
ODOO_SERVERS = {  # name: (HTTP port, long-polling port)
    "odoo1": (HAPROXY_PORT + 2, HAPROXY_PORT + 4),
    "odoo2": (HAPROXY_PORT + 3, HAPROXY_PORT + 5),
}
PRIMARY_PORT = int(os.environ.get("KAM_CLUSTER_PG_PORT") or 5440)
REPLICA_PORT = PRIMARY_PORT + 1
WORKERS = 2
# HAProxy asks each server every second; two failed checks take it out, two good ones put it back.
CHECK_INTER_MS, CHECK_FALL, CHECK_RISE = 1000, 2, 2
# Between two checks, the traffic itself: a connection refused takes the server out at once.
PASSIVE_CHECK = "observe layer4 error-limit 1 on-error mark-down"
HAPROXY_PACKAGES = {"haproxy": "the load balancer in front of the Odoo servers"}

# A primary meant to be replicated, and durable: what a user would run (the embedded cluster
# trades durability for speed; these lines come after its own and win).
PRIMARY_SETTINGS = """
# kam workbench cluster: primary
fsync = on
synchronous_commit = on
full_page_writes = on
wal_level = replica
max_wal_senders = 4
wal_keep_size = '1GB'
hot_standby = on
hot_standby_feedback = on
max_connections = 200
"""

# How long the replica takes to show a commit of the primary, and where it is.
REPLICATION = """
    SELECT application_name, state, sync_state,
           pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint AS bytes_behind,
           COALESCE(EXTRACT(EPOCH FROM replay_lag) * 1000, 0)::numeric(10, 1) AS replay_lag_ms
      FROM pg_stat_replication
"""


class Node(EmbeddedCluster):
    """One PostgreSQL server of the cluster, on 127.0.0.1:``port``."""

    def __init__(self, name, port):
        super().__init__(link=HOME / name, port=port, listen="127.0.0.1")
        self.name = name

    def dsn(self, dbname="postgres", user=ODOO_ROLE):
        return f"host=127.0.0.1 port={self.port} user={user} dbname={dbname}"

    def query(self, sql, params=(), dbname="postgres", user=ODOO_ROLE):
        with autocommit_cursor(self.dsn(dbname, user)) as cr:
            cr.execute(sql, params)
            return cr.fetchall() if cr.description else []


class Cluster:
    """The topology's parts, started in order and stopped in reverse."""

    def __init__(self, odoo):
        self.odoo = odoo  # the embedded side: the Odoo tree, and the databases to copy from
        self.primary = Node("primary", PRIMARY_PORT)
        self.replica = Node("replica", REPLICA_PORT)
        self.data_dir = HOME / "data"  # one filestore and one session store for both servers
        self.logs = HOME / "logs"
        self.config_path = HOME / "odoo.conf"
        self.haproxy_config = HOME / "haproxy.cfg"
        self.haproxy_pid = HOME / "haproxy.pid"
        self.haproxy_socket = HOME / "haproxy.sock"
        self.url = f"http://127.0.0.1:{HAPROXY_PORT}"

    # -- PostgreSQL -----------------------------------------------------------------------------
    def start_primary(self):
        fresh = not (self.primary.data / "PG_VERSION").exists()
        self.primary.bindir = self.primary._find_bindir()
        if fresh:
            self.primary._init()
            with (self.primary.data / "postgresql.conf").open("a") as conf:
                conf.write(PRIMARY_SETTINGS)
        self.primary.start()

    def copy_database(self, source, database):
        """``source`` of the embedded cluster as ``database`` on the primary, with its filestore."""
        timer = Timer()
        step(f"Copying {source} to the primary as {database} (pg_dump, pg_restore)")
        bindir = self.primary.bindir
        embedded = self.odoo.server
        dump = self.primary.home / f"{database}.dump"
        run(
            [bindir / "pg_dump", "-h", embedded.host, "-p", str(embedded.port), "-U", embedded.user]
            + ["-Fc", "-Z", "1", "-f", dump, source],
            env={"PGPASSWORD": embedded.password} if embedded.password else None,
            quiet=True,
        )
        self.primary.query(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)', user=SUPERUSER)
        self.primary.query(f'CREATE DATABASE "{database}" OWNER {ODOO_ROLE}', user=SUPERUSER)
        run(
            [bindir / "pg_restore", "-h", "127.0.0.1", "-p", str(PRIMARY_PORT), "-U", ODOO_ROLE]
            + ["--no-owner", "-j", "2", "-d", database, dump],
            quiet=True,
        )
        dump.unlink()
        filestore = self.odoo.data_dir / "filestore" / source
        target = self.data_dir / "filestore" / database
        shutil.rmtree(target, ignore_errors=True)
        if filestore.is_dir():
            shutil.copytree(filestore, target)
        info(f"{database} copied in {timer}")

    def start_replica(self):
        """A hot standby streaming from the primary: a base backup the first time, then replay."""
        node = self.replica
        node.bindir = self.primary.bindir
        if not (node.data / "PG_VERSION").exists():
            timer = Timer()
            step("Making the replica: pg_basebackup of the primary, streaming from it (hot standby)")
            node._make_home()
            if node.owner:
                node._ensure_owner_user()
                shutil.chown(node.home, node.owner, node.owner)
            node._pg(
                "pg_basebackup",
                "-h",
                "127.0.0.1",
                "-p",
                str(PRIMARY_PORT),
                "-U",
                SUPERUSER,
                "-D",
                node.data,
                "-X",
                "stream",
                "-c",
                "fast",
                "-R",  # standby.signal and primary_conninfo: a standby of this primary
            )
            info(f"base backup taken in {timer}")
        node.start()

    def wait_for_replay(self, database, timeout=120):
        """Until the replica has replayed everything the primary has written (the copy included)."""
        deadline = time.monotonic() + timeout
        target = self.primary.query("SELECT pg_current_wal_lsn()::text")[0][0]
        while time.monotonic() < deadline:
            caught_up = self.replica.query(
                "SELECT pg_is_in_recovery() AND pg_last_wal_replay_lsn() >= %s::pg_lsn", (target,)
            )[0][0]
            if caught_up and self.replica.query("SELECT 1 FROM pg_database WHERE datname = %s", (database,)):
                return
            time.sleep(0.2)
        raise WorkbenchError(f"the replica did not replay the primary's WAL up to {target} in {timeout} s")

    # -- Odoo -----------------------------------------------------------------------------------
    def write_config(self, database):
        """The Odoo servers' configuration; True when it changed."""
        options = {
            "addons_path": ",".join([str(ROOT), *map(str, extra_addons_paths(self.odoo.src))]),
            "data_dir": self.data_dir,
            "db_host": "127.0.0.1",
            "db_port": PRIMARY_PORT,
            "db_user": ODOO_ROLE,
            "db_password": "False",
            # read-only requests (the web client's reads) go to the hot standby
            "db_replica_host": "127.0.0.1",
            "db_replica_port": REPLICA_PORT,
            "db_name": database,
            "dbfilter": f"^{database}$",
            "list_db": "False",
            "db_maxconn": 16,
            "admin_passwd": "admin",
            "proxy_mode": "True",  # behind HAProxy: X-Forwarded-* name the client and the host
            "http_interface": "127.0.0.1",
            "workers": WORKERS,
            "max_cron_threads": 1,
            "limit_time_real": 300,
            "without_demo": "False",
        }
        text = "[options]\n" + "".join(f"{k} = {v}\n" for k, v in options.items())
        changed = not self.config_path.exists() or self.config_path.read_text() != text
        self.config_path.write_text(text)
        return changed

    def _pidfile(self, name):
        return HOME / f"{name}.pid"

    def start_odoo(self, name):
        http_port, gevent_port = ODOO_SERVERS[name]
        if _answers(f"http://127.0.0.1:{http_port}/web/health"):
            return
        cmd = [
            sys.executable,
            str(self.odoo.src / "odoo-bin"),  # the main process starts its gevent worker with argv[0]
            "-c",
            str(self.config_path),
            "--http-port",
            str(http_port),
            "--gevent-port",
            str(gevent_port),
            "--pidfile",
            str(self._pidfile(name)),
            "--logfile",
            str(self.logs / f"{name}.log"),
        ]
        subprocess.Popen(
            cmd,
            start_new_session=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        step(f"Odoo server {name}: {WORKERS} workers on 127.0.0.1:{http_port} (log: {self.logs / name}.log)")

    def wait_for_odoo(self, name, timeout=180):
        http_port, _ = ODOO_SERVERS[name]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if _answers(f"http://127.0.0.1:{http_port}/web/health"):
                return
            time.sleep(0.5)
        raise WorkbenchError(f"Odoo server {name} did not answer in {timeout} s; see {self.logs}/{name}.log")

    def odoo_pid(self, name):
        try:
            pid = int(self._pidfile(name).read_text())
            os.kill(pid, 0)
            return pid
        except (FileNotFoundError, ValueError, ProcessLookupError):
            return None

    def kill_odoo(self, name, sig=signal.SIGTERM):
        """Stop one Odoo server, its workers with it (they share its process group)."""
        pid = self.odoo_pid(name)
        if not pid:
            return None
        try:
            os.killpg(pid, sig)
        except ProcessLookupError:
            return None
        for _ in range(100):
            if not _alive(pid):
                break
            time.sleep(0.1)
        else:
            os.killpg(pid, signal.SIGKILL)
        self._pidfile(name).unlink(missing_ok=True)
        return pid

    # -- HAProxy --------------------------------------------------------------------------------
    def write_haproxy_config(self):
        check = f"check inter {CHECK_INTER_MS} fall {CHECK_FALL} rise {CHECK_RISE}"
        web = "\n".join(
            f"    server {name} 127.0.0.1:{http} {check} maxconn {WORKERS} {PASSIVE_CHECK}"
            for name, (http, _gevent) in ODOO_SERVERS.items()
        )
        longpolling = "\n".join(
            f"    server {name} 127.0.0.1:{gevent} {check} port {http}"
            for name, (http, gevent) in ODOO_SERVERS.items()
        )
        self.haproxy_config.write_text(
            f"""# Written by python3 -m workbench cluster: HAProxy in front of the Odoo servers.
global
    maxconn 1024
    pidfile {self.haproxy_pid}
    stats socket {self.haproxy_socket} mode 600 level admin

defaults
    mode http
    timeout connect 2s
    timeout client 310s
    timeout server 310s
    timeout http-request 30s
    # A busy server answers its health check late, not never: a dead one refuses it at once.
    timeout check 10s
    # Requests wait here, not in a server's backlog, for one of its workers to be free.
    timeout queue 60s
    # a connection refused by a server that just died is tried again at once on the other server
    # (only connections: a request a server received is never sent twice, it may have written)
    retries 3
    option redispatch 1
    option forwardfor

frontend odoo
    bind 127.0.0.1:{HAPROXY_PORT}
    http-request set-header X-Forwarded-Host %[req.hdr(host)]
    http-request set-header X-Forwarded-Proto http
    use_backend odoo_longpolling if {{ path_beg /websocket }}
    default_backend odoo_web

backend odoo_web
    balance roundrobin
    option httpchk
    http-check send meth GET uri /web/health ver HTTP/1.1 hdr Host 127.0.0.1
    http-check expect status 200
{web}

backend odoo_longpolling
    balance roundrobin
    option httpchk
    http-check send meth GET uri /web/health ver HTTP/1.1 hdr Host 127.0.0.1
    http-check expect status 200
{longpolling}

listen stats
    bind 127.0.0.1:{STATS_PORT}
    stats enable
    stats uri /
    stats refresh 2s
"""
        )

    def start_haproxy(self):
        ensure_packages(HAPROXY_PACKAGES)
        self.stop_haproxy()
        self.write_haproxy_config()
        run(["haproxy", "-c", "-q", "-f", self.haproxy_config], quiet=True)
        run(["haproxy", "-D", "-f", self.haproxy_config, "-p", self.haproxy_pid], quiet=True)
        step(f"HAProxy on {self.url} (statistics: http://127.0.0.1:{STATS_PORT}/)")

    def stop_haproxy(self):
        try:
            os.kill(int(self.haproxy_pid.read_text().split()[0]), signal.SIGTERM)
        except (FileNotFoundError, ValueError, ProcessLookupError):
            pass
        self.haproxy_pid.unlink(missing_ok=True)

    def haproxy_stats(self):
        """HAProxy's counters per server of the web backend: {name: {status, requests, ...}}."""
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(2)
            sock.connect(str(self.haproxy_socket))
            sock.sendall(b"show stat\n")
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
        lines = data.decode().splitlines()
        header = lines[0].lstrip("# ").split(",")
        servers = {}
        for line in lines[1:]:
            row = dict(zip(header, line.split(","), strict=False))
            if row.get("pxname") == "odoo_web" and row.get("svname") in ODOO_SERVERS:
                servers[row["svname"]] = {
                    "status": row["status"],
                    "requests": int(row["stot"] or 0),
                    "http_5xx": int(row["hrsp_5xx"] or 0),
                    "connection_errors": int(row["econ"] or 0),
                    "response_errors": int(row["eresp"] or 0),
                    "retries": int(row["wretr"] or 0),
                    "redispatches": int(row["wredis"] or 0),
                }
        return servers

    def wait_for_haproxy(self, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                stats = self.haproxy_stats()
                if stats and all(server["status"] == "UP" for server in stats.values()):
                    return stats
            except OSError:
                pass
            time.sleep(0.2)
        raise WorkbenchError(f"HAProxy does not see every Odoo server UP after {timeout} s")

    # -- the whole ------------------------------------------------------------------------------
    def start(self, source, database=DATABASE, fresh=False, copy=False):
        """Start what is not running; ``fresh``: new PostgreSQL servers and data; ``copy``: a new
        copy of ``source`` (a database name, or a function giving it when it is needed)."""
        timer = Timer()
        if fresh:
            self.stop()
            for node in (self.primary, self.replica):
                shutil.rmtree(node.home, ignore_errors=True)
                if node.link.is_symlink():
                    node.link.unlink()
            shutil.rmtree(self.data_dir, ignore_errors=True)
        self.logs.mkdir(parents=True, exist_ok=True)
        self.start_primary()
        copy = copy or not self.primary.query("SELECT 1 FROM pg_database WHERE datname = %s", (database,))
        if self.write_config(database) or copy:
            for name in ODOO_SERVERS:
                self.kill_odoo(name)  # another database, or a new copy of it: restarted below
        if copy:
            self.copy_database(source() if callable(source) else source, database)
        self.start_replica()
        self.wait_for_replay(database)
        for name in ODOO_SERVERS:
            self.start_odoo(name)
        for name in ODOO_SERVERS:
            self.wait_for_odoo(name)
        self.start_haproxy()
        self.wait_for_haproxy()
        info(f"cluster ready in {timer}")
        return self.status()

    def stop(self):
        self.stop_haproxy()
        for name in ODOO_SERVERS:
            if self.kill_odoo(name):
                info(f"Odoo server {name} stopped")
        for node in (self.replica, self.primary):
            if (node.data / "PG_VERSION").exists():
                node.bindir = node.bindir or node._find_bindir()
                node.stop()

    def replication(self):
        try:
            rows = self.primary.query(REPLICATION, user=SUPERUSER)
        except Exception:
            return []
        keys = ("replica", "state", "sync", "bytes_behind", "replay_lag_ms")
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def status(self):
        try:
            servers = self.haproxy_stats()
        except OSError:
            servers = {}
        return {
            "url": self.url,
            "stats": f"http://127.0.0.1:{STATS_PORT}/",
            "primary": f"127.0.0.1:{PRIMARY_PORT}",
            "replica": f"127.0.0.1:{REPLICA_PORT}",
            "servers": {
                name: {"port": ODOO_SERVERS[name][0], "pid": self.odoo_pid(name), **servers.get(name, {})}
                for name in ODOO_SERVERS
            },
            "replication": self.replication(),
        }


def _alive(pid):
    try:
        # a server this process started is its child: reap it, or it lives on as a zombie
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return False
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False


def _answers(url, timeout=2):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status == 200
    except OSError:
        return False


def print_status(status):
    print(
        f"\nOdoo behind HAProxy: {status['url']}/web/login   (admin / admin)\n"
        f"  HAProxy statistics: {status['stats']}\n"
        f"  PostgreSQL primary {status['primary']}, streaming replica {status['replica']}",
        flush=True,
    )
    for name, server in status["servers"].items():
        print(
            f"  {name}: 127.0.0.1:{server['port']} pid {server['pid'] or '-'}, HAProxy sees it "
            f"{server.get('status', '-')}, {server.get('requests', 0)} requests served",
            flush=True,
        )
    for row in status["replication"]:
        print(
            f"  replica: {row['state']}, {row['bytes_behind']} bytes behind, "
            f"replay lag {row['replay_lag_ms']} ms",
            flush=True,
        )
    if not status["replication"]:
        print("  replica: not streaming", flush=True)


def command(odoo, args):
    cluster = Cluster(odoo)
    if args.action == "stop":
        cluster.stop()
        return 0
    if args.action == "status":
        status = cluster.status()
        print(json.dumps(status, indent=1, default=str) if args.json else "", end="")
        if not args.json:
            print_status(status)
        return 0
    source = args.source or (lambda: odoo.addons_template(odoo.config("test"), strict=False))
    print_status(cluster.start(source, args.database, fresh=args.fresh))
    print("Stop it with: python3 -m workbench cluster stop", flush=True)
    return 0


def add_arguments(parser):
    parser.add_argument("action", nargs="?", choices=["start", "stop", "status"], default="start")
    parser.add_argument(
        "--source",
        help="the embedded cluster's database to serve (default: the add-ons' template, demo data)",
    )
    parser.add_argument("--database", default=DATABASE, help=f"its name on the primary (default {DATABASE})")
    parser.add_argument("--fresh", action="store_true", help="new primary, replica and copy of the database")
    parser.add_argument("--json", action="store_true", help="status as JSON")
