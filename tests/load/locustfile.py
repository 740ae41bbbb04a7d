"""Locust users acting as key account managers in the web client, over JSON-RPC.

Run by ``python3 -m workbench load`` (see workbench/load.py), which prepares the database, serves
Odoo with two workers and reads the results this file writes. Each simulated user logs in as one of
the KAM users of the load database, then loads the dashboard, the key-account kanban, an account
plan's form and books MICE spaces on random slots (some clash: PostgreSQL refuses them, an
expected business error counted apart from real errors).

To add a screen, add a function to ``DASHBOARD`` (calls the dashboard makes) or a task below.
"""

import itertools
import json
import os
import random
import time
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from pathlib import Path

from locust import FastHttpUser, between, events, task

SETUP = json.loads(Path(os.environ["KAM_LOAD_SETUP"]).read_text())
RESULTS_PATH = Path(os.environ["KAM_LOAD_RESULTS"])
# booking ids the server answered with, clashes it refused, real errors (name: message), and
# (name, start, milliseconds) of every screen request: logging in is timed apart (password hashing)
RESULTS = {"booked": [], "clashes": 0, "errors": [], "timings": []}
NOT_SCREENS = {"login", "get_views"}
LOGINS = itertools.cycle(SETUP["users"])
CLASH = "is already held"
SLOT_HOURS = (8, 10, 12, 14, 16)
FIRST_DAY = datetime(2031, 1, 5)
DAYS = 10  # 3 spaces x 10 days x 5 slots: enough for the run, few enough that users collide
SPECS = {}  # (model, view type) -> specification, built once from the views, as the web client does


def specification(arch, model, models):
    """The ``specification`` the web client sends for a view: its fields, x2many sub-views inline."""
    fields = models[model]["fields"]

    def walk(node, model, fields, spec):
        for child in node:
            if child.tag != "field":
                walk(child, model, fields, spec)
                continue
            name = child.get("name")
            info = fields.get(name, {})
            relation = info.get("relation")
            if info.get("type") == "many2one":
                spec[name] = {"fields": {"display_name": {}}}
            elif info.get("type") in ("one2many", "many2many"):
                sub_fields = models.get(relation, {}).get("fields", {})
                sub_spec = {}
                walk(child, relation, sub_fields, sub_spec)
                spec[name] = {"fields": sub_spec or {"display_name": {}}, "limit": 40}
            else:
                spec[name] = {}
        return spec

    return walk(ET.fromstring(arch), model, fields, {})


class KamUser(FastHttpUser):
    wait_time = between(0.5, 1.5)  # a user reads a screen before the next click

    def on_start(self):
        self.login = next(LOGINS)
        self.calls = 0
        # a user whose server dies while they log in (the failover run) logs in again
        for _attempt in range(5):
            result = self._post(
                "/web/session/authenticate",
                {"db": os.environ["KAM_LOAD_DB"], "login": self.login, "password": self.login},
                name="login",
            )
            if result:
                break
            time.sleep(1)
        self.odoo_context = {
            "lang": "en_US",
            "tz": "Europe/Paris",
            "uid": result["uid"],
            "allowed_company_ids": [SETUP["company_id"]],
        }
        for model, view_type in (("res.partner", "kanban"), ("kam.account.plan", "form")):
            views = None
            while (model, view_type) not in SPECS and not views:
                views = self.rpc(model, "get_views", views=[[False, view_type]], name="get_views")
                if not views:
                    time.sleep(1)  # cooperative: Locust patches the standard library for gevent
            if views:
                arch = views["views"][view_type]["arch"]
                SPECS[model, view_type] = specification(arch, model, views["models"])

    # ------------------------------------------------------------------ JSON-RPC
    def _post(self, url, params, name):
        self.calls += 1
        payload = {"jsonrpc": "2.0", "method": "call", "id": self.calls, "params": params}
        # one connection per request, as from the reverse proxy prefork Odoo sits behind: a kept-alive
        # client connection would hold a worker idle between its user's clicks
        headers = {"Connection": "close"}
        with self.client.post(url, json=payload, name=name, headers=headers, catch_response=True) as response:
            try:
                data = response.json()
            except ValueError:
                response.failure(f"HTTP {response.status_code}: not JSON")
                RESULTS["errors"].append(f"{name}: HTTP {response.status_code}")
                return None
            error = data.get("error")
            if not error:
                response.success()
                return data["result"]
            message = error.get("data", {}).get("message", error.get("message", ""))
            if CLASH in message:
                # the business refusal the exclusion constraint exists for: not a failure of the server
                response.success()
                RESULTS["clashes"] += 1
                return CLASH
            response.failure(message[:200])
            RESULTS["errors"].append(f"{name}: {message[:200]}")
            return None

    def rpc(self, model, method, *args, name=None, **kwargs):
        kwargs["context"] = {**self.odoo_context, **kwargs.get("context", {})}
        return self._post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
            name=name or f"{model}.{method}",
        )

    # ------------------------------------------------------------------ screens
    def _kanban(self, domain, name):
        return self.rpc(
            "res.partner",
            "web_search_read",
            name=name,
            domain=domain,
            specification=SPECS["res.partner", "kanban"],
            offset=0,
            limit=40,
            order="",
            count_limit=10001,
            context={"bin_size": True},
        )

    @task(3)
    def dashboard(self):
        for call in DASHBOARD:
            call(self)

    @task(3)
    def key_account_kanban(self):
        self._kanban([("is_key_account", "=", True)], "key-account kanban")

    @task(3)
    def account_plan_form(self):
        plan_id = random.choice(SETUP["plans"][self.login])
        self.rpc(
            "kam.account.plan",
            "web_read",
            [plan_id],
            name="account plan form",
            specification=SPECS["kam.account.plan", "form"],
            context={"bin_size": True},
        )

    @task(2)
    def book_a_space(self):
        day = FIRST_DAY + timedelta(days=random.randrange(DAYS))
        start = day.replace(hour=random.choice(SLOT_HOURS))
        values = {
            "request_id": SETUP["requests"][self.login],
            "space_id": random.choice(SETUP["spaces"]),
            "date_start": start.strftime("%Y-%m-%d %H:%M:%S"),
            "date_end": (start + timedelta(hours=2)).strftime("%Y-%m-%d %H:%M:%S"),
            "attendees": 20,
            "layout": "theatre",
            # a first option holds the space (a booking is created as an option, then confirmed)
            "state": "option",
            "option_rank": "1",
            "option_expiry": day.strftime("%Y-%m-%d"),
        }
        result = self.rpc(
            "mice.booking", "web_save", [], values, name="booking create", specification={"display_name": {}}
        )
        if isinstance(result, list) and result:
            RESULTS["booked"].append(result[0]["id"])


def dashboard_my_accounts(user):
    user._kanban([("is_key_account", "=", True), ("kam_is_mine", "=", True)], "dashboard: my key accounts")


def dashboard_figures(user):
    user.rpc(
        "kam.account.report",
        "read_group",
        [],
        ["ordered_amount:sum", "invoiced_amount:sum", "pipeline_weighted:sum"],
        ["key_account_id", "date:month"],
        name="dashboard: key account analysis",
        lazy=False,
    )


def dashboard_home(user):
    user.rpc("kam.dashboard", "get_dashboard_data", name="dashboard: KAM home")


# What the KAM home dashboard (Key Accounts > My Dashboard) loads: one call; the kanban of my
# accounts and the analysis it links to are loaded too, as a KAM clicks through.
DASHBOARD = [dashboard_home, dashboard_my_accounts, dashboard_figures]


@events.request.add_listener
def time_screens(request_type, name, response_time, start_time=None, exception=None, **_kwargs):
    if name not in NOT_SCREENS:
        RESULTS["timings"].append((name, start_time or 0.0, response_time))


@events.test_stop.add_listener
def write_results(**_kwargs):
    RESULTS_PATH.write_text(json.dumps(RESULTS))
