"""The add-ons on Odoo's scale-out topology: what users read, served by a real streaming replica.

Starts ``python3 -m workbench cluster`` on folders and ports of its own (a PostgreSQL primary, its
hot standby, two Odoo servers reading with ``db_replica_host``, HAProxy in front) on the add-ons'
template with its demo data, then talks to HAProxy as the web client does:

- every screen a KAM, a manager and a MICE user read is answered, by the replica (its own
  transaction counter grows), and none had to be served again on the primary;
- with the replica's replay paused (a lag as long as we like), a KAM who confirms an order sees it
  in the analysis at once (the primary serves the read), while a manager who wrote nothing reads
  the replica's figure of before; once replay resumes, both read the new figure;
- with replay running, the KAM's read right after the write is served by the replica, fresh.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from contextlib import closing
from datetime import date, timedelta
from http.cookiejar import CookieJar

import psycopg2
import pytest

from conftest import ROOT

HTTP_PORT = int(os.environ.get("KAM_HTTP_PORT", "8069"))
# Beside the cluster of ``workbench cluster`` (HTTP_PORT + 60..65, PostgreSQL 5440-5441).
CLUSTER_PORT = HTTP_PORT + 70
PG_PORT = 5450
HOME = ROOT / ".local" / "cluster-test"
DB = "kam_cluster_test"
ENV = dict(
    os.environ,
    KAM_CLUSTER_HOME=str(HOME),
    KAM_CLUSTER_PORT=str(CLUSTER_PORT),
    KAM_CLUSTER_PG_PORT=str(PG_PORT),
)
FALLBACK = "has not replayed"  # our reason for serving a read on the primary (ir_http.py)
RETRY = "retrying with a read/write cursor"  # odoo.http, whenever the primary serves a read again
AMOUNT = 12345.0


def workbench(*args, timeout=900):
    result = subprocess.run(
        [sys.executable, "-m", "workbench", "cluster", *args],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    return result.stdout


class Client:
    """A browser's session through HAProxy: cookies, then JSON-RPC as the web client sends it."""

    def __init__(self, login):
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.uid = self.post("/web/session/authenticate", {"db": DB, "login": login, "password": login})[
            "uid"
        ]

    def post(self, path, params):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{CLUSTER_PORT}{path}", body, {"Content-Type": "application/json"}
        )
        with self.opener.open(request, timeout=120) as response:
            payload = json.loads(response.read())
        assert "error" not in payload, f"{path}: {payload['error']['data']['message']}"
        return payload["result"]

    def call(self, model, method, *args, **kwargs):
        kwargs.setdefault("context", {"lang": "en_US", "tz": "Europe/Paris"})
        return self.post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def button(self, model, method, ids):
        return self.post(
            f"/web/dataset/call_button/{model}/{method}",
            {"model": model, "method": method, "args": [ids], "kwargs": {}},
        )

    def position(self):
        """The primary's WAL position this session's reads wait for (None: it wrote nothing)."""
        return next((cookie.value for cookie in self.jar if cookie.name == "kam_replica_lsn"), None)


def node(port, user="odoo", dbname=DB):
    conn = psycopg2.connect(host="127.0.0.1", port=port, user=user, dbname=dbname)
    conn.autocommit = True
    return closing(conn)


def sql(port, query, params=(), user="odoo"):
    with node(port, user) as conn, conn.cursor() as cr:
        cr.execute(query, params)
        return cr.fetchall() if cr.description else None


def replica_transactions():
    """Transactions the replica has served in the database, this query's own included (each
    backend reports its counters once idle, within a second: the wait lets them)."""
    time.sleep(1.5)
    return sql(
        PG_PORT + 1, "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = %s", (DB,)
    )[0][0]


class Logs:
    """What the Odoo servers logged since this mark: each request's line ends with the cursor
    that served it (``ro``: the replica, ``rw``: the primary, ``ro->rw``: the primary, again)."""

    def __init__(self):
        self.offsets = {path: path.stat().st_size for path in (HOME / "logs").glob("odoo*.log")}

    def text(self):
        text = ""
        for path, offset in self.offsets.items():
            with path.open(errors="replace") as log:
                log.seek(offset)
                text += log.read()
        return text

    def requests(self):
        """(path, cursor) of every request served since the mark."""
        return re.findall(r'"POST (\S+) HTTP/1.1" \d+ .* (ro|rw|ro->rw)$', self.text(), re.MULTILINE)


def wait_for_replay(position, timeout=30):
    if position is None:
        return  # the session wrote nothing (logging in is a read-only request)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if sql(PG_PORT + 1, "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", (position,))[0][0]:
            return
        time.sleep(0.05)
    raise AssertionError(f"the replica did not replay {position}")


@pytest.fixture(scope="module")
def cluster(odoo_config):
    template = os.environ.get("KAM_TEMPLATE_DB")
    assert template, "KAM_TEMPLATE_DB is not set: run these tests through the test command (make test)"
    try:
        output = workbench("start", "--fresh", "--source", template, "--database", DB)
        assert "odoo1" in output and "UP" in output, output
        yield
    finally:
        workbench("stop")
        for name in ("primary", "replica"):  # as root, PostgreSQL's files may live elsewhere
            if (HOME / name).is_symlink():
                shutil.rmtree((HOME / name).resolve(), ignore_errors=True)
        shutil.rmtree(HOME, ignore_errors=True)


def analysis(client, account_id):
    groups = client.call(
        "kam.account.report",
        "web_read_group",
        domain=[("key_account_id", "=", account_id)],
        fields=["ordered_amount:sum"],
        groupby=["key_account_id"],
    )["groups"]
    return groups[0]["ordered_amount"] if groups else 0.0


def kam_screens(client, *, manager=False):
    """What a KAM's (or their manager's) screens read, as the web client reads them."""
    read = {
        "dashboard": client.call("kam.dashboard", "get_dashboard_data"),
        "key accounts": client.call(
            "res.partner",
            "web_search_read",
            domain=[("is_key_account", "=", True)],
            specification={"name": {}, "kam_revenue_ordered_this_year": {}, "kam_health_score": {}},
            limit=40,
        ),
        "analysis": client.call(
            "kam.account.report",
            "web_read_group",
            domain=[],
            fields=["ordered_amount:sum", "invoiced_amount:sum", "pipeline_weighted:sum"],
            groupby=["key_account_id", "date:month"],
            lazy=False,
        ),
        "objectives": client.call(
            "kam.objective", "web_search_read", domain=[], specification={"actual": {}, "achievement": {}}
        ),
        "plans": client.call(
            "kam.account.plan",
            "web_search_read",
            domain=[],
            specification={"name": {}, "objective_ids": {"fields": {"actual": {}, "achievement": {}}}},
            limit=10,
        ),
    }
    if manager:
        read["candidates"] = client.call(
            "kam.candidate", "web_search_read", domain=[], specification={"partner_id": {}}, limit=40
        )
    return read


def mice_screens(client):
    """What a MICE desk's screens read: the function diary of this week, the requests."""
    monday = date.today() - timedelta(days=date.today().weekday())
    return {
        "diary": client.call(
            "mice.booking",
            "get_diary_data",
            f"{monday} 00:00:00",
            f"{monday + timedelta(days=7)} 00:00:00",
            [],
        ),
        "requests": client.call(
            "mice.request",
            "web_search_read",
            domain=[],
            specification={"title": {}, "stage_id": {}},
            limit=40,
        ),
    }


def test_screens_are_read_on_the_replica(cluster):
    users = {
        "claire": lambda client: kam_screens(client),
        "sophie": lambda client: kam_screens(client, manager=True),
        "lea": mice_screens,
        "marc": mice_screens,
    }
    clients = {login: Client(login) for login in users}
    mark, transactions = Logs(), replica_transactions()
    reads = {login: screens(clients[login]) for login, screens in users.items()}
    served = mark.requests()
    assert len(served) == sum(map(len, reads.values())), served
    assert {cursor for _path, cursor in served} == {"ro"}, served
    assert replica_transactions() - transactions >= len(served) + 1, "the replica served them"
    assert reads["sophie"]["candidates"]["records"] is not None
    assert " ERROR " not in mark.text() and RETRY not in mark.text(), mark.text()[-3000:]


def test_availability_search_is_served_by_the_primary(cluster):
    """Finding a free space writes the search's results (a wizard): a read/write request, on the
    primary, which also holds every booking the moment it is made."""
    client = Client("lea")
    wizard = client.call(
        "mice.availability",
        "web_save",
        [],
        {"attendees": 20, "layout": "theatre", "date_from": "2031-03-03", "date_to": "2031-03-03"},
        specification={},
    )[0]["id"]
    client.button("mice.availability", "action_search", [wizard])
    lines = client.call(
        "mice.availability", "web_read", [wizard], specification={"line_ids": {"fields": {"space_id": {}}}}
    )[0]["line_ids"]
    assert lines, "demo venues have free spaces for 20 people on that day"


def _confirm_order(client, account_id):
    product = client.call("product.product", "search", [("sale_ok", "=", True)], limit=1)[0]
    order = client.call(
        "sale.order",
        "web_save",
        [],
        {
            "partner_id": account_id,
            "order_line": [
                [0, 0, {"product_id": product, "product_uom_qty": 1, "price_unit": AMOUNT, "tax_id": []}]
            ],
        },
        specification={},
    )[0]["id"]
    client.button("sale.order", "action_confirm", [order])


def test_own_writes_are_read_at_once_whatever_the_replica_lag(cluster):
    kam, manager = Client("claire"), Client("sophie")
    account = kam.call(
        "res.partner",
        "search",
        [("is_key_account", "=", True), ("key_account_manager_id", "=", kam.uid)],
        limit=1,
    )[0]
    before = analysis(manager, account)
    assert analysis(kam, account) == before

    # the replica stops replaying: its lag grows as long as the test wants
    sql(PG_PORT + 1, "SELECT pg_wal_replay_pause()", user="postgres")
    try:
        _confirm_order(kam, account)
        mark, started = Logs(), time.monotonic()
        assert analysis(kam, account) == before + AMOUNT, "the KAM sees the order just confirmed"
        waited = time.monotonic() - started
        # the manager wrote nothing: the replica answers, with the figures it has replayed
        assert analysis(manager, account) == before
        assert [cursor for _path, cursor in mark.requests()] == ["ro->rw", "ro"], mark.text()[-3000:]
        assert FALLBACK in mark.text() and waited >= 2.0, waited
    finally:
        sql(PG_PORT + 1, "SELECT pg_wal_replay_resume()", user="postgres")
    wait_for_replay(kam.position())
    assert analysis(manager, account) == before + AMOUNT

    # replay running: the next write is read right after, on the replica, fresh
    _confirm_order(kam, account)
    mark = Logs()
    assert analysis(kam, account) == before + 2 * AMOUNT
    assert [cursor for _path, cursor in mark.requests()] == ["ro"], mark.text()[-3000:]
    assert FALLBACK not in mark.text()
    assert re.fullmatch(r"[0-9A-F]+/[0-9A-F]+", kam.position())
