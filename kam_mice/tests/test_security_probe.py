"""Security probing over the wire: what a user can get out of records that are not theirs.

Each probe logs in through ``/web/session/authenticate`` and calls the server exactly as the web
client does (``/web/dataset/call_kw``, CSV export, PDF reports, the chatter's routes, the web
client's URLs). Every attempt on another KAM's or another company's record must be refused, or
come back empty, and no response may carry the record's distinctive name or amount.

To probe one more model, add one line to ``PROBES``: a model and a factory that creates one of its
records in a ``World`` (a company, a KAM who owns the records, the key account they manage).
"""

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .web_client import WebClient

OUR_MODULES = ("odoo.addons.kam_key_accounts.", "odoo.addons.kam_mice.")
REFUSALS = {"odoo.exceptions.AccessError", "odoo.exceptions.MissingError"}
# Odoo logs every refused call (and the CSV export its traceback): expected here.
QUIET_LOGGERS = ("odoo.http", "odoo.addons.web.controllers.export", "odoo.addons.base.models.ir_rule")


@dataclass
class World:
    """The records of one KAM in one company; factories create them on demand, once."""

    env: object  # superuser environment in the world's company
    owner: object  # res.users: the KAM who owns the records
    account: object  # res.partner: the key account ``owner`` manages
    tag: str  # a string no response to an outsider may contain
    amount: float  # an amount as distinctive as the tag
    records: dict = field(default_factory=dict)

    def record(self, model):
        if model not in self.records:
            self.records[model] = PROBE_BY_MODEL[model].factory(self)
        return self.records[model]

    def secrets(self):
        return [self.tag, str(int(self.amount))]


def make_plan(world):
    return world.env["kam.account.plan"].create(
        {
            "name": f"{world.tag} plan",
            "partner_id": world.account.id,
            "market_context": f"<p>{world.tag} market analysis</p>",
        }
    )


def make_objective(world):
    return world.env["kam.plan.objective"].create(
        {
            "plan_id": world.record("kam.account.plan").id,
            "name": f"{world.tag} objective",
            "measure": "ordered_revenue",
            "target": world.amount,
            "year": fields.Date.today().year,
        }
    )


def make_kam_objective(world):
    return world.env["kam.objective"].create(
        {
            "user_id": world.owner.id,
            "company_id": world.env.company.id,
            "name": f"{world.tag} KAM objective",
            "target": world.amount,
            "year": fields.Date.today().year,
        }
    )


def make_pay_scheme(world):
    return world.env["kam.pay.scheme"].create(
        {
            "user_id": world.owner.id,
            "company_id": world.env.company.id,
            "name": f"{world.tag} variable pay",
            "annual_pay": world.amount,
            "variable_share": 20,
            "year": fields.Date.today().year,
        }
    )


def make_tender(world):
    return world.env["kam.tender"].create(
        {
            "name": f"{world.tag} tender",
            "partner_id": world.account.id,
            "type_id": world.env.ref("kam_key_accounts.kam_tender_type_public").id,
            "submission_deadline": fields.Datetime.now() + timedelta(days=30),
            "estimated_value": world.amount,
            "bid_amount": world.amount,
        }
    )


def make_contract(world):
    today = fields.Date.today()
    return world.env["kam.contract"].create(
        {
            "name": f"{world.tag} contract",
            "partner_id": world.account.id,
            "date_start": today - timedelta(days=30),
            "date_end": today + timedelta(days=300),
            "committed_volume": world.amount,
            "note": f"<p>{world.tag} terms</p>",
        }
    )


def make_negotiation(world):
    return world.env["kam.negotiation"].create(
        {
            "name": f"{world.tag} negotiation",
            "tender_id": world.record("kam.tender").id,
            "user_id": world.owner.id,
            "agreement_amount": world.amount,
            "walk_away_amount": world.amount,
            "agreement_note": f"<p>{world.tag} agreement</p>",
        }
    )


def make_escalation(world):
    return world.env["kam.escalation"].create(
        {
            "name": f"{world.tag} escalation",
            "partner_id": world.account.id,
            "escalation_type": "delivery",
            "description": f"<p>{world.tag} late deliveries</p>",
        }
    )


def make_stakeholder(world):
    contact = world.env["res.partner"].create({"name": "Probe Contact", "parent_id": world.account.id})
    return world.env["kam.stakeholder"].create(
        {
            "key_account_id": world.account.id,
            "partner_id": contact.id,
            "notes": f"{world.tag} is a decision maker",
        }
    )


def make_plan_action(world):
    return world.env["kam.plan.action"].create(
        {
            "plan_id": world.record("kam.account.plan").id,
            "name": f"{world.tag} action",
            "date_deadline": fields.Date.today() + timedelta(days=30),
        }
    )


def make_request(world):
    return world.env["mice.request"].create(
        {
            "title": f"{world.tag} seminar",
            "partner_id": world.account.id,
            "user_id": world.owner.id,
            "event_type_id": world.env.ref("kam_mice.mice_event_type_meeting").id,
            "date_start": "2031-05-12",
            "date_end": "2031-05-13",
            "attendees_expected": 40,
            "budget_amount": world.amount,
            "notes": f"<p>{world.tag} notes</p>",
        }
    )


def make_booking(world):
    venue = world.env["mice.venue"].create({"name": f"{world.tag} venue"})
    space = world.env["mice.space"].create(
        {"name": f"{world.tag} hall", "venue_id": venue.id, "capacity_theatre": 100}
    )
    return world.env["mice.booking"].create(
        {
            "request_id": world.record("mice.request").id,
            "space_id": space.id,
            "date_start": datetime(2031, 5, 12, 9),
            "date_end": datetime(2031, 5, 12, 17),
            "attendees": 40,
            "state": "confirmed",
            "notes": f"{world.tag} operations",
        }
    )


def record_ids(result):
    """The ids of the records in a search-like result, however the method shapes it."""
    if isinstance(result, dict):
        if "records" in result:
            return record_ids(result["records"])
        if "groups" in result:
            return {-1} if result["groups"] else set()
        return set()
    ids = set()
    for row in result or ():
        if isinstance(row, dict) and "__count" in row:
            ids.add(-1)  # a group of the probed record: a search by its id found it
        elif isinstance(row, dict):
            ids.add(row.get("id"))
        elif isinstance(row, list | tuple):
            ids.add(row[0])
    return ids


def lost_wizard(test, record):
    """Close the request as lost through the wizard its button opens."""
    reason = test.env.ref("kam_mice.mice_lost_reason_price").id
    context = {"active_ids": record.ids, "active_model": record._name}
    created = test._call("mice.request.lost", "create", [{"lost_reason_id": reason}], context=context)
    yield "lost wizard: create", created, "no change"
    if created.get("result"):
        applied = test._call("mice.request.lost", "action_apply", created["result"], context=context)
        # refused, or nothing done: the wizard only sees the requests its user may read
        yield "lost wizard: apply", applied, "no change"


@dataclass
class Probe:
    model: str
    factory: object
    write_vals: dict = field(default_factory=lambda: {"name": "Probed"})
    methods: tuple = ()  # besides every action_* of our add-ons, found on the model
    action: str = ""  # window action of the web client's URL /odoo/action-<action>/<id>
    report: str = ""  # QWeb report over this model
    html_field: str = ""  # an Html field the owner writes: it must come back sanitised
    extra: tuple = ()  # more attempts: functions (test, record) yielding (what, response, kind)


PROBES = [
    Probe(
        "kam.account.plan",
        make_plan,
        action="kam_key_accounts.kam_account_plan_action",
        report="kam_key_accounts.kam_account_plan_report",
        html_field="market_context",
    ),
    Probe("kam.plan.objective", make_objective, write_vals={"target": 1.0}),
    Probe(
        "kam.objective",
        make_kam_objective,
        write_vals={"target": 1.0},
        action="kam_key_accounts.kam_objective_action",
    ),
    Probe(
        "kam.pay.scheme",
        make_pay_scheme,
        write_vals={"annual_pay": 1.0},
        action="kam_key_accounts.kam_pay_scheme_action",
    ),
    Probe("kam.tender", make_tender, action="kam_key_accounts.kam_tender_action"),
    Probe("kam.contract", make_contract, action="kam_key_accounts.kam_contract_action", html_field="note"),
    Probe("kam.negotiation", make_negotiation, action="kam_key_accounts.kam_negotiation_action"),
    Probe(
        "kam.escalation",
        make_escalation,
        action="kam_key_accounts.kam_escalation_action",
        html_field="description",
    ),
    Probe("kam.stakeholder", make_stakeholder, write_vals={"notes": "Probed"}),
    Probe("kam.plan.action", make_plan_action, action="kam_key_accounts.kam_plan_action_action"),
    Probe(
        "mice.request",
        make_request,
        write_vals={"title": "Probed"},
        action="kam_mice.mice_request_action",
        report="kam_mice.report_mice_event_order",
        html_field="notes",
        extra=(lost_wizard,),
    ),
    Probe("mice.booking", make_booking, write_vals={"attendees": 2}, action="kam_mice.mice_booking_action"),
]
PROBE_BY_MODEL = {probe.model: probe for probe in PROBES}


@tagged("post_install", "-at_install")
class TestSecurityProbe(WebClient, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_create_nolog=True))
        company_a = cls.env.company
        company_b = cls.env["res.company"].create({"name": "Probe Other Company"})
        kam_mice = "kam_key_accounts.group_kam_user,kam_mice.group_mice_user"

        def user(login, groups, company=company_a):
            # every user may export: the export must then be stopped by the record rules
            if "portal" not in groups:
                groups += ",base.group_allow_export"
            return new_test_user(
                cls.env, login, groups=groups, company_id=company.id, company_ids=[Command.set(company.ids)]
            )

        # who probes
        cls.kam = user("probe_kam", "kam_key_accounts.group_kam_user")
        cls.kam_manager = user("probe_kam_manager", "kam_key_accounts.group_kam_manager")
        cls.mice_user = user("probe_mice_user", "kam_mice.group_mice_user")
        cls.portal = user("probe_portal", "base.group_portal")
        cls.employee = user("probe_employee", "base.group_user")

        def world(login, company, tag, amount):
            owner = user(login, kam_mice, company)
            env = cls.env(context=dict(cls.env.context, allowed_company_ids=company.ids))
            account = env["res.partner"].create(
                {
                    "name": f"Account of {login}",
                    "is_company": True,
                    "company_id": company.id,
                    "is_key_account": True,
                    "key_account_manager_id": owner.id,
                }
            )
            return World(env, owner, account, tag, amount)

        # whose records are probed: another KAM of the same company, a KAM of another company
        cls.other_kam = world("probe_owner_a", company_a, "Zorglub", 4817263.0)
        cls.other_company = world("probe_owner_b", company_b, "Quetzal", 5928374.0)
        for probed in (cls.other_kam, cls.other_company):
            for probe in PROBES:
                record = probed.record(probe.model)
                if "message_post" in record:
                    record.message_post(body=f"{probed.tag} chatter", message_type="comment")

    # ------------------------------------------------------------------ the probes
    def _attempts(self, probe, record, world):
        """(what, response, kind) for each way the web client reaches a record.

        kind None: must be refused; "search": may answer, without the record; anything else: may
        answer (an action opening a view, the chatter), without the record's data.
        """
        rid, model, company_ids = record.id, probe.model, record.company_id.ids
        by_id = [("id", "=", rid)]
        spec = {"display_name": {}}
        yield "read", self._call(model, "read", [rid], ["display_name"]), None
        yield "web_read", self._call(model, "web_read", [rid], specification=spec), None
        yield "write", self._call(model, "write", [rid], probe.write_vals), None
        yield "copy", self._call(model, "copy", [rid]), None
        yield "export_data", self._call(model, "export_data", [rid], ["display_name"]), None
        yield "search_read", self._call(model, "search_read", by_id, ["display_name"]), "search"
        yield "name_search", self._call(model, "name_search", name=world.tag), "search"
        result = self._call(model, "web_search_read", by_id, specification=spec)
        yield "web_search_read", result, "search"
        yield "read_group", self._call(model, "read_group", by_id, ["__count"], ["create_uid"]), "search"
        result = self._call(model, "web_read_group", by_id, ["__count"], ["create_uid"])
        yield "web_read_group", result, "search"
        for method in self._methods(probe):
            yield method, self._call(model, method, [rid]), "no change"
        yield (
            "chatter messages",
            self._jsonrpc("/mail/thread/messages", {"thread_model": model, "thread_id": rid}),
            "no leak",
        )
        yield (
            "chatter data",
            self._jsonrpc(
                "/mail/thread/data",
                {"thread_model": model, "thread_id": rid, "request_list": ["followers", "attachments"]},
            ),
            "no leak",
        )
        result = self._call(
            "mail.message", "search_read", [("model", "=", model), ("res_id", "=", rid)], ["body"]
        )
        yield "messages", result, "no leak"
        for extra in probe.extra:
            yield from extra(self, record)
        # the web client sends the companies picked in its switcher: pick the record's
        context = {"allowed_company_ids": company_ids}
        result = self._call(model, "web_read", [rid], specification=spec, context=context)
        yield "web_read in the record's company", result, None
        yield "unlink", self._call(model, "unlink", [rid]), None  # last: a hole here ends the probe

    def _methods(self, probe):
        cls = type(self.env[probe.model])
        ours = {
            name
            for name in dir(cls)
            if name.startswith("action_")
            and getattr(getattr(cls, name), "__module__", "").startswith(OUR_MODULES)
        }
        return sorted(ours | set(probe.methods))

    def _http_attempts(self, probe, record):
        """Plain HTTP routes: CSV export, the PDF report, the web client's URL of the record."""
        export = {
            "model": probe.model,
            "fields": [{"name": "id", "label": "ID"}, {"name": "display_name", "label": "Name"}],
            "ids": [record.id],
            "domain": [],
            "import_compat": False,
            "context": {},
        }
        form = {"data": json.dumps(export), "csrf_token": self.csrf_token}
        yield "export csv by id", self.url_open("/web/export/csv", data=form), False
        export.update(ids=False, domain=[("id", "=", record.id)])
        form = {"data": json.dumps(export), "csrf_token": self.csrf_token}
        response = self.url_open("/web/export/csv", data=form)
        yield "export csv by domain", response, True
        if probe.report:
            yield "pdf report", self.url_open(f"/report/pdf/{probe.report}/{record.id}"), False
        if probe.action:
            yield "web client url", self.url_open(f"/odoo/action-{probe.action}/{record.id}"), True

    def _probe(self, login, world, models=None):
        """Every attempt of ``login`` on ``world``'s records; returns the holes found."""
        holes = []
        self._login(login)
        # the key account's form: no computed field may show what its plans, tenders... hold
        self._call("res.partner", "read", world.account.ids)
        leaks = [secret for secret in world.secrets() if secret in self.last_body]
        if leaks:
            holes.append(f"{login} key account form: the response shows {leaks}")
        for probe in PROBES:
            if models and probe.model not in models:
                continue
            record = world.record(probe.model)
            if not record.sudo().exists():  # deleted by an earlier probe: reported already
                continue
            watched = [f for f in [*probe.write_vals, "state", "stage", "stage_id", "active"] if f in record]
            before = record.sudo().read(watched)[0]
            with mute_logger(*QUIET_LOGGERS):
                for what, response, empty in self._attempts(probe, record, world):
                    holes += self._check(login, probe, what, response, empty, world, record)
                for what, response, may_succeed in self._http_attempts(probe, record):
                    leaks = [s for s in world.secrets() if s in response.text]
                    if leaks or (response.status_code == 200 and not may_succeed):
                        holes.append(
                            f"{login} {probe.model} {what}: HTTP {response.status_code}, leaks {leaks}"
                        )
            record.invalidate_recordset()
            if not record.sudo().exists():
                holes.append(f"{login} {probe.model}: deleted")
                continue
            after = record.sudo().read(list(before))[0]
            if before != after:
                holes.append(f"{login} {probe.model}: changed {before} to {after}")
        return holes

    def _check(self, login, probe, what, response, empty, world, record):
        leaks = [secret for secret in world.secrets() if secret in self.last_body]
        if leaks:
            return [f"{login} {probe.model} {what}: the response shows {leaks}"]
        error = response.get("error")
        if error:
            name = error["data"]["name"]
            if name in REFUSALS or empty is not None or (login == "probe_portal" and what == "export_data"):
                return []
            return [f"{login} {probe.model} {what}: refused with {name}, not an access error"]
        if empty is None:
            return [f"{login} {probe.model} {what}: allowed ({response['result']!r:.200})"]
        if empty != "search":  # an action that opens something, the chatter: may answer, without data
            return []
        if record_ids(response["result"]) & {record.id, -1}:
            return [f"{login} {probe.model} {what}: found {response['result']!r:.200}"]
        return []

    # ------------------------------------------------------------------ tests
    def test_other_kams_records_are_out_of_reach(self):
        holes = []
        for login in ("probe_kam", "probe_portal", "probe_employee"):
            holes += self._probe(login, self.other_kam)
        self.assertFalse(holes, "\n".join(holes))

    def test_other_companys_records_are_out_of_reach(self):
        holes = []
        # portal users and employees reach no record of ours at all: probed in the test above
        for login in ("probe_kam", "probe_kam_manager", "probe_mice_user"):
            holes += self._probe(login, self.other_company)
        self.assertFalse(holes, "\n".join(holes))

    def test_owner_reaches_the_same_records(self):
        """The control: through the same calls, the owner gets the data the others must not."""
        # the buttons are found on the models, so a new one is probed without a new line here
        self.assertIn("action_submit", self._methods(PROBE_BY_MODEL["kam.account.plan"]))
        self.assertIn("action_cancel", self._methods(PROBE_BY_MODEL["mice.booking"]))
        world = self.other_kam
        self._login(world.owner.login)
        for probe in PROBES:
            record = world.record(probe.model)
            result = self._call(probe.model, "read", [record.id])
            self.assertEqual(result["result"][0]["id"], record.id)
            self.assertTrue(any(secret in self.last_body for secret in world.secrets()), probe.model)
            result = self._call(probe.model, "search_read", [("id", "=", record.id)], ["display_name"])
            self.assertEqual([row["id"] for row in result["result"]], record.ids)
            for what, response, _may_succeed in self._http_attempts(probe, record):
                self.assertEqual(response.status_code, 200, f"{probe.model} {what}")
                if what == "pdf report":
                    self.assertIn(world.tag, response.text)
                elif what.startswith("export"):
                    self.assertEqual(response.headers["Content-Type"], "text/csv;charset=utf8", what)
                    self.assertIn(str(record.id), response.text)

    def test_html_fields_come_back_sanitised(self):
        world = self.other_kam
        self._login(world.owner.login)
        for probe in PROBES:
            if not probe.html_field:
                continue
            record = world.record(probe.model)
            html = '<p>Kept</p><script>alert("xss")</script><img src="x" onerror="alert(1)"/>'
            result = self._call(probe.model, "write", [record.id], {probe.html_field: html})
            self.assertIs(result.get("result"), True, result)
            result = self._call(probe.model, "web_read", [record.id], specification={probe.html_field: {}})
            stored = result["result"][0][probe.html_field]
            self.assertIn("<p>Kept</p>", stored, probe.model)
            for dangerous in ("<script", "alert(", "onerror"):
                self.assertNotIn(dangerous, stored, probe.model)
