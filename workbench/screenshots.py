"""Screenshots of what a user sees, taken in headless Chromium from a running ``make run`` server.

``python3 -m workbench screenshots`` logs in over JSON-RPC, hands the session cookie to Chromium
through the DevTools protocol, opens each page and saves a PNG into docs/screenshots/.
"""

import base64
import json
import shutil
import subprocess
import tempfile
import time
import urllib.request
from http.cookiejar import CookieJar

import websocket

from .console import WorkbenchError, info, step
from .paths import HTTP_PORT, ROOT, RUN_DB
from .system import chromium_path

# What tells that a page has rendered: a view of the web client, or a spreadsheet's grid.
VIEW_READY = ".o_action_manager .o_view_controller, .o_action_manager .o_kam_dashboard .card"
SPREADSHEET_READY = ".o_action_manager .o-spreadsheet .o-grid"

# (file name, path, user, language[, ready selector[, what to click first]]); {plan}, {dashboard}...
# are ids read over RPC
PAGES = [
    (
        "key_accounts_kanban.png",
        "/odoo/action-kam_key_accounts.res_partner_action_key_account",
        "admin",
        "en_US",
    ),
    (
        "key_accounts_kanban_fr.png",
        "/odoo/action-kam_key_accounts.res_partner_action_key_account",
        "admin",
        "fr_FR",
    ),
    (
        "account_plan_form.png",
        "/odoo/action-kam_key_accounts.kam_account_plan_action/{plan}",
        "admin",
        "en_US",
    ),
    ("stakeholder_map.png", "/odoo/action-kam_key_accounts.kam_stakeholder_action", "admin", "en_US"),
    ("kam_dashboard.png", "/odoo/action-kam_key_accounts.kam_dashboard_action", "claire", "en_US"),
    ("kam_dashboard_manager_fr.png", "/odoo/action-kam_key_accounts.kam_dashboard_action", "sophie", "fr_FR"),
    ("kam_objectives.png", "/odoo/action-kam_key_accounts.kam_objective_action", "sophie", "en_US"),
    (
        "kam_pay_scheme.png",
        "/odoo/action-kam_key_accounts.kam_pay_scheme_action/{pay_scheme}",
        "sophie",
        "en_US",
    ),
    (
        "key_accounts_dashboard.png",
        "/odoo/action-spreadsheet_dashboard.ir_actions_dashboard_action?dashboard_id={dashboard}",
        "admin",
        "en_US",
        SPREADSHEET_READY,
    ),
    (
        "key_accounts_dashboard_fr.png",
        "/odoo/action-spreadsheet_dashboard.ir_actions_dashboard_action?dashboard_id={dashboard}",
        "sophie",
        "fr_FR",
        SPREADSHEET_READY,
    ),
    # the first hour: a new key account is a company with its parent; its daily buttons in view
    (
        "key_account_new.png",
        "/odoo/action-kam_key_accounts.res_partner_action_key_account/new",
        "admin",
        "en_US",
    ),
    (
        "key_account_form_fr.png",
        "/odoo/action-kam_key_accounts.res_partner_action_key_account/{key_account}",
        "claire",
        "fr_FR",
    ),
    (
        "account_plan_form_fr.png",
        "/odoo/action-kam_key_accounts.kam_account_plan_action/{plan}",
        "claire",
        "fr_FR",
    ),
    (
        "plans_to_approve.png",
        "/odoo/action-kam_key_accounts.kam_account_plan_action_to_approve",
        "sophie",
        "en_US",
    ),
    ("tender_form_fr.png", "/odoo/action-kam_key_accounts.kam_tender_action/{tender}", "claire", "fr_FR"),
    ("mice_request_form_fr.png", "/odoo/action-kam_mice.mice_request_action/{request}", "lea", "fr_FR"),
    ("mice_room_block.png", "/odoo/action-kam_mice.mice_room_block_action/{room_block}", "marc", "en_US"),
    # the KAM's practice: a group's org chart, its white space, its tree, a global account, a pay statement
    (
        "relationship_map_org_chart.png",
        "/odoo/action-kam_key_accounts.kam_stakeholder_action?view_type=hierarchy",
        "claire",
        "en_US",
    ),
    ("white_space_fr.png", "/odoo/action-kam_key_accounts.kam_white_space_action", "claire", "fr_FR"),
    (
        "group_tree.png",
        "/odoo/action-kam_key_accounts.res_partner_action_key_account/{key_account}",
        "claire",
        "en_US",
        VIEW_READY,
        ["a[name=key_account]", "button[name=action_open_kam_group_tree]", "body", "body"],
    ),
    (
        "global_account.png",
        "/odoo/action-kam_key_accounts.res_partner_action_key_account/{global_account}",
        "sophie",
        "en_US",
        VIEW_READY,
        ["a[name=key_account]"],
    ),
    (
        "pay_statement_fr.png",
        "/odoo/action-kam_key_accounts.kam_pay_statement_action/{pay_statement}",
        "sophie",
        "fr_FR",
    ),
    # the diary opens on today; the demo's congress is 120 days ahead: its week
    (
        "mice_function_diary.png",
        "/odoo/action-kam_mice.mice_booking_action",
        "lea",
        "fr_FR",
        VIEW_READY,
        [".scale_button_selection", ".o_scale_button_week"] + [".o_mice_diary_button_next"] * 17,
    ),
]


def _rpc(opener, url, params):
    request = urllib.request.Request(
        url, json.dumps({"jsonrpc": "2.0", "params": params}).encode(), {"Content-Type": "application/json"}
    )
    with opener.open(request, timeout=60) as response:
        payload = json.loads(response.read())
    if payload.get("error"):
        raise WorkbenchError(f"{url}: {payload['error']['data']['message']}")
    return payload["result"]


def _session(base, login, lang):
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    result = _rpc(
        opener, f"{base}/web/session/authenticate", {"db": RUN_DB, "login": login, "password": login}
    )
    _rpc(
        opener,
        f"{base}/web/dataset/call_kw/res.users/write",
        {
            "model": "res.users",
            "method": "write",
            "args": [[result["uid"]], {"lang": lang}],
            "kwargs": {},
        },
    )
    # records some pages open: the first active plan, the first pay scheme the user may read
    ids = {}
    for key, model, domain in (
        ("plan", "kam.account.plan", [("state", "=", "active")]),
        ("pay_scheme", "kam.pay.scheme", []),
        ("key_account", "res.partner", [("is_key_account", "=", True), ("parent_id", "=", False)]),
        ("tender", "kam.tender", []),
        ("request", "mice.request", [("order_id.state", "=", "sale")]),
        ("room_block", "mice.room.block", []),
        ("global_account", "res.partner", [("kam_is_global_account", "=", True)]),
        ("pay_statement", "kam.pay.statement", [("state", "=", "approved")]),
    ):
        try:
            found = _rpc(
                opener,
                f"{base}/web/dataset/call_kw/{model}/search",
                {"model": model, "method": "search", "args": [domain], "kwargs": {"limit": 1}},
            )
        except WorkbenchError:  # a model this user may not read: their pages do not need it
            found = []
        ids[key] = (found or [0])[0]
    # the Key Accounts spreadsheet dashboard, by its XML id (not every user may read XML ids)
    try:
        dashboard = _rpc(
            opener,
            f"{base}/web/dataset/call_kw/ir.model.data/search_read",
            {
                "model": "ir.model.data",
                "method": "search_read",
                "args": [
                    [
                        ("module", "=", "kam_key_accounts"),
                        ("name", "=", "spreadsheet_dashboard_key_accounts"),
                    ],
                    ["res_id"],
                ],
                "kwargs": {"limit": 1},
            },
        )
    except WorkbenchError:
        dashboard = []
    ids["dashboard"] = dashboard[0]["res_id"] if dashboard else 0
    return next(cookie.value for cookie in jar if cookie.name == "session_id"), ids


class Browser:
    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="kam-chromium-")
        self.process = subprocess.Popen(
            [
                chromium_path(),
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--remote-debugging-port=9333",
                f"--user-data-dir={self.profile}",
                "--window-size=1440,900",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _attempt in range(50):
            try:
                with urllib.request.urlopen("http://127.0.0.1:9333/json", timeout=2) as response:
                    target = next(t for t in json.loads(response.read()) if t["type"] == "page")
                break
            except (OSError, StopIteration):
                time.sleep(0.2)
        else:
            raise WorkbenchError("Chromium did not start")
        self.socket = websocket.create_connection(target["webSocketDebuggerUrl"], timeout=60)
        self.next_id = 0

    def call(self, method, **params):
        self.next_id += 1
        self.socket.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.next_id:
                return message.get("result", {})

    def shoot(self, url, cookie, path, ready=VIEW_READY, clicks=()):
        self.call("Network.enable")
        self.call("Network.setCookie", name="session_id", value=cookie, url=url)
        # a dashboard is a long page: a taller window shows all its sections
        height = 900 if ready == VIEW_READY else 1650
        self.call(
            "Emulation.setDeviceMetricsOverride", width=1440, height=height, deviceScaleFactor=1, mobile=False
        )
        self.call("Page.navigate", url=url)
        # the web client loads its assets (compiled on the first visit) and renders the action
        expression = (
            f"!!document.querySelector({json.dumps(ready)}) "
            "&& !document.querySelector('.o_loading_indicator')"
        )
        deadline = time.monotonic() + 120
        while not self.call("Runtime.evaluate", expression=expression).get("result", {}).get("value"):
            if time.monotonic() > deadline:
                raise WorkbenchError(f"{url} did not render within two minutes")
            time.sleep(0.5)
        time.sleep(1.5 if ready == VIEW_READY else 4)  # a spreadsheet then loads its pivots and lists
        for selector in clicks:  # e.g. a view's own navigation, which no URL says
            self.call(
                "Runtime.evaluate", expression=f"document.querySelector({json.dumps(selector)}).click()"
            )
            time.sleep(0.8)
        # transient notifications (e.g. "the page is out of date" after a language change) hide the page
        self.call(
            "Runtime.evaluate",
            expression="document.querySelectorAll('.o_notification').forEach((n) => n.remove())",
        )
        data = self.call("Page.captureScreenshot", format="png")["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self):
        self.socket.close()
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.profile, ignore_errors=True)


def take():
    base = f"http://127.0.0.1:{HTTP_PORT}"
    target = ROOT / "docs" / "screenshots"
    target.mkdir(parents=True, exist_ok=True)
    step(f"Screenshots of {base} (database {RUN_DB}) into {target}")
    browser = Browser()
    try:
        for name, path, login, lang, *ready in PAGES:
            cookie, ids = _session(base, login, lang)
            browser.shoot(base + path.format(**ids), cookie, target / name, *ready)
            info(name)
        _session(base, "admin", "en_US")
    finally:
        browser.close()
