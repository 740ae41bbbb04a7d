"""States, approvals and bad values probed over the wire, as an integration or a careless user would.

Each attempt logs in as a role and calls ``/web/dataset/call_kw`` exactly as the web client does
(``write``, ``create``, a button's method). What the form's buttons forbid must be refused here too,
with our translated message (a UserError or ValidationError, never PostgreSQL's words), the record
left as it was, and the server log without an ERROR line: operators alert on those.
"""

import logging
from contextlib import contextmanager
from datetime import date, datetime, timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

from .web_client import WebClient

REFUSALS = {"odoo.exceptions.UserError", "odoo.exceptions.ValidationError"}
DATABASE_WORDS = ("psycopg2", "violates", "constraint")


@tagged("post_install", "-at_install")
class TestWorkflowOverJsonRpc(WebClient, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_create_nolog=True))
        env = cls.env
        today = fields.Date.today()

        def user(login, groups):
            return new_test_user(env, login, groups=groups, name=login.replace("_", " ").title())

        cls.kam = user("flow_kam", "kam_key_accounts.group_kam_user")
        cls.boss = user("flow_boss", "kam_key_accounts.group_kam_manager")
        cls.manager = user("flow_manager", "kam_key_accounts.group_kam_manager")
        cls.mice = user("flow_mice", "kam_mice.group_mice_user,sales_team.group_sale_salesman_all_leads")
        cls.mice_manager = user("flow_mice_manager", "kam_mice.group_mice_manager")
        cls.admin = user("flow_admin", "base.group_system,base.group_erp_manager")
        cls.portal = user("flow_portal", "base.group_portal")

        cls.account = env["res.partner"].create(
            {
                "name": "Flow Industries",
                "is_company": True,
                "is_key_account": True,
                "key_account_manager_id": cls.kam.id,
            }
        )

        Plan = env["kam.account.plan"]
        plan_values = {
            "partner_id": cls.account.id,
            "user_id": cls.kam.id,
            "date_start": date(today.year, 1, 1),
            "date_end": date(today.year, 12, 31),
        }
        cls.plan = Plan.create({**plan_values, "name": "Submitted plan"})
        cls.plan.with_user(cls.kam).action_submit()
        cls.draft_plan = Plan.create({**plan_values, "name": "Draft plan"})
        cls.boss_plan = Plan.create({**plan_values, "name": "The boss's plan", "user_id": cls.boss.id})
        cls.boss_plan.with_user(cls.boss).action_submit()

        cls.tender = env["kam.tender"].create(
            {
                "name": "Catering framework",
                "partner_id": cls.account.id,
                "user_id": cls.kam.id,
                "type_id": env.ref("kam_key_accounts.kam_tender_type_private").id,
                "submission_deadline": fields.Datetime.now() + timedelta(days=20),
            }
        )
        cls.tender.with_user(cls.kam).action_start_analysis()
        cls.contract = env["kam.contract"].create(
            {
                "name": "Flow framework",
                "partner_id": cls.account.id,
                "date_start": date(today.year, 1, 1),
                "date_end": date(today.year + 1, 12, 31),
            }
        )
        lead = env["crm.lead"].create(
            {"name": "Renewal", "type": "opportunity", "partner_id": cls.account.id}
        )
        cls.negotiation = env["kam.negotiation"].create(
            {"name": "Rates", "lead_id": lead.id, "partner_id": cls.account.id, "user_id": cls.kam.id}
        )
        cls.escalation = env["kam.escalation"].create(
            {"name": "Late deliveries", "partner_id": cls.account.id, "escalation_type": "delivery"}
        )

        # MICE: a request with a proposal, spaces held, rooms blocked, an instalment
        cls.request = env["mice.request"].create(cls._request_values("Flow kick-off"))
        cls.proposal = env["sale.order"].create(
            {"partner_id": cls.account.id, "mice_request_id": cls.request.id, "user_id": cls.mice.id}
        )
        cls.request.order_id = cls.proposal
        venue = env["mice.venue"].create({"name": "Flow Hotel"})
        space = {"venue_id": venue.id, "capacity_theatre": 100, "setup_hours": 0, "teardown_hours": 0}
        cls.section = env["mice.space"].create({**space, "name": "Salon A"})
        cls.ballroom = env["mice.space"].create({**space, "name": "Ballroom"})
        cls.hall = env["mice.space"].create({**space, "name": "Hall"})
        cls.booking = cls._book(cls.request, cls.hall, "option")
        cls.ballroom_booking = cls._book(cls.request, cls.ballroom, "confirmed")
        cls._book(env["mice.request"].create(cls._request_values("Other event")), cls.section, "confirmed")
        cls.room_block = env["mice.room.block"].create(
            {
                "request_id": cls.request.id,
                "venue_id": venue.id,
                "date_from": date(2031, 5, 12),
                "release_date": date(2031, 4, 12),
            }
        )
        cls.instalment = cls.request.payment_schedule_ids.sorted("sequence")[0]
        cls.invoice = env["account.move"].create({"move_type": "out_invoice", "partner_id": cls.account.id})

    @classmethod
    def _request_values(cls, title):
        return {
            "title": title,
            "partner_id": cls.account.id,
            "user_id": cls.mice.id,
            "event_type_id": cls.env.ref("kam_mice.mice_event_type_meeting").id,
            "date_start": "2031-05-12",
            "date_end": "2031-05-13",
            "attendees_expected": 40,
        }

    @classmethod
    def _book(cls, request, space, state):
        return cls.env["mice.booking"].create(
            {
                "request_id": request.id,
                "space_id": space.id,
                "date_start": datetime(2031, 5, 12, 9),
                "date_end": datetime(2031, 5, 12, 17),
                "attendees": 40,
                "state": state,
                "option_expiry": fields.Date.today() + timedelta(days=10),
            }
        )

    # ------------------------------------------------------------------ helpers
    @contextmanager
    def _log_without_errors(self):
        """Odoo logs each refused call as a WARNING (odoo.http): expected. An ERROR is not."""
        with self.assertLogs("odoo", logging.WARNING) as logs:
            yield
        errors = [record.getMessage()[:300] for record in logs.records if record.levelno >= logging.ERROR]
        self.assertFalse(errors, "\n".join(errors))

    def _refused(self, login, model, method, args, message, **kwargs):
        """``login`` calls ``model.method(*args)``: refused with ``message``, in our words."""
        if getattr(self, "_logged_in", None) != login:
            self._login(login)
            self._logged_in = login
        with self._log_without_errors():
            response = self._call(model, method, *args, **kwargs)
        error = response.get("error")
        what = f"{login} {model}.{method}{args}"
        self.assertTrue(error, f"{what}: allowed ({response.get('result')!r:.200})")
        self.assertIn(error["data"]["name"], REFUSALS, f"{what}: {error['data']['message']}")
        self.assertRegex(error["data"]["message"], message, what)
        for words in DATABASE_WORDS:
            self.assertNotIn(words, error["data"]["message"], what)

    def _assert_unchanged(self, record, **values):
        record.invalidate_recordset()
        for name, value in values.items():
            self.assertEqual(record[name], value, f"{record._name} {name}")

    # ------------------------------------------------------------------ plans and tenders
    def test_a_kam_approves_or_activates_no_plan_by_writing_its_state(self):
        buttons = "changes only through its buttons"
        self._refused(
            "flow_kam", "kam.account.plan", "write", [self.plan.ids, {"state": "approved"}], buttons
        )
        self._refused(
            "flow_kam", "kam.account.plan", "write", [self.draft_plan.ids, {"state": "active"}], buttons
        )
        values = {"name": "Pre-approved", "partner_id": self.account.id, "state": "approved"}
        self._refused("flow_kam", "kam.account.plan", "create", [[values]], buttons)
        approver = {"approved_by_id": self.manager.id}
        self._refused("flow_manager", "kam.account.plan", "write", [self.plan.ids, approver], buttons)
        self._assert_unchanged(self.plan, state="submitted", approved_by_id=self.env["res.users"])
        self._assert_unchanged(self.draft_plan, state="draft")

    def test_a_manager_does_not_approve_their_own_plan(self):
        self._refused(
            "flow_boss",
            "kam.account.plan",
            "action_approve",
            [self.boss_plan.ids],
            "another manager approves it",
        )
        self._assert_unchanged(self.boss_plan, state="submitted")

    def test_a_tender_under_analysis_is_not_submitted_by_its_state(self):
        self._refused(
            "flow_kam",
            "kam.tender",
            "write",
            [self.tender.ids, {"state": "submitted"}],
            "Only tenders being prepared can be submitted",
        )
        values = {
            "name": "Won already",
            "partner_id": self.account.id,
            "type_id": self.tender.type_id.id,
            "state": "won",
        }
        self._refused("flow_kam", "kam.tender", "create", [[values]], "changes only through its buttons")
        self._assert_unchanged(self.tender, state="analysis")

    def test_contracts_negotiations_escalations_move_by_their_buttons(self):
        for login in ("flow_kam", "flow_manager"):
            for record, state in (
                (self.contract, "running"),
                (self.negotiation, "agreed"),
                (self.escalation, "resolved"),
            ):
                with self.subTest(login=login, model=record._name):
                    self._refused(
                        login,
                        record._name,
                        "write",
                        [record.ids, {"state": state}],
                        "changes only through its buttons",
                    )
        self._assert_unchanged(self.contract, state="draft")
        self._assert_unchanged(self.negotiation, state="open")
        self._assert_unchanged(self.escalation, state="new")

    # ------------------------------------------------------------------ MICE
    def test_a_request_is_confirmed_by_its_proposal_only(self):
        confirmed = self.env["mice.request.stage"].search([("is_won", "=", True)], limit=1)
        by_proposal = "confirming its chosen proposal"
        self._refused(
            "flow_mice", "mice.request", "write", [self.request.ids, {"stage_id": confirmed.id}], by_proposal
        )
        values = {**self._request_values("Definite already"), "stage_id": confirmed.id}
        self._refused("flow_mice", "mice.request", "create", [[values]], by_proposal)
        buttons = "changes only through its buttons"
        self._refused("flow_mice", "mice.request", "write", [self.request.ids, {"state": "lost"}], buttons)
        self._refused("flow_mice", "sale.order", "write", [self.proposal.ids, {"state": "sale"}], buttons)
        self._assert_unchanged(self.request, is_confirmed=False, state="open", date_confirmed=False)
        self._assert_unchanged(self.proposal, state="draft")

    def test_bookings_blocks_and_instalments_move_by_their_buttons(self):
        buttons = "changes only through its buttons"
        self._refused(
            "flow_mice", "mice.booking", "write", [self.booking.ids, {"state": "confirmed"}], buttons
        )
        self._refused(
            "flow_mice", "mice.room.block", "write", [self.room_block.ids, {"state": "released"}], buttons
        )
        instalment = [self.instalment.ids, {"invoice_id": self.invoice.id}]
        self._refused("flow_mice_manager", "mice.payment.schedule", "write", instalment, buttons)
        self._assert_unchanged(self.booking, state="option")
        self._assert_unchanged(self.room_block, state="held")
        self._assert_unchanged(self.instalment, invoice_id=self.env["account.move"])

    def test_a_clash_is_refused_without_an_error_in_the_log(self):
        values = {
            "request_id": self.request.id,
            "space_id": self.section.id,
            "date_start": "2031-05-12 10:00:00",
            "date_end": "2031-05-12 12:00:00",
            "attendees": 10,
            "option_expiry": fields.Date.to_string(fields.Date.today() + timedelta(days=5)),
        }
        self._refused("flow_mice", "mice.booking", "create", [[values]], "is already held from")
        self.assertEqual(self.env["mice.booking"].search_count([("space_id", "=", self.section.id)]), 1)

    def test_a_space_is_not_made_a_section_while_both_are_held(self):
        link = {"section_ids": [Command.link(self.section.id)]}
        self._refused("flow_mice_manager", "mice.space", "write", [self.ballroom.ids, link], "cannot change")
        self._assert_unchanged(self.ballroom, section_ids=self.env["mice.space"])

    def test_refusals_read_in_the_users_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        french = {"lang": "fr_FR"}  # the web client sends the user's language with each call
        approve = [self.plan.ids, {"state": "approved"}]
        self._refused(
            "flow_kam", "kam.account.plan", "write", approve, "ne change que par ses boutons", context=french
        )
        link = {"section_ids": [Command.link(self.section.id)]}
        self._refused(
            "flow_mice_manager",
            "mice.space",
            "write",
            [self.ballroom.ids, link],
            "Les sections de .* ne peuvent pas changer : .* est déjà retenu du",
            context=french,
        )

    # ------------------------------------------------------------------ bad values
    def test_bad_values_get_our_message(self):
        tier = self.env["kam.tier"].search([], limit=1)
        self._refused(
            "flow_manager",
            "kam.tier",
            "write",
            [tier.ids, {"review_frequency_months": -3}],
            "at least one month",
        )
        objective = {"user_id": self.kam.id, "year": 2031, "measure": "ordered_revenue", "target": 1}
        self.env["kam.objective"].create(objective)
        self._refused("flow_manager", "kam.objective", "create", [[objective]], "already has an objective")
        self._refused(
            "flow_manager",
            "res.partner",
            "write",
            [self.account.ids, {"key_account_manager_id": self.portal.id}],
            "portal or public user",
        )
        self._refused("flow_admin", "res.users", "unlink", [self.kam.ids], "reassign them first")
        for field, value in (("kam_candidate_min_revenue", -5000), ("kam_candidate_min_buying", -2)):
            # the settings' Save creates the record, which writes the company's fields
            self._refused(
                "flow_admin", "res.config.settings", "create", [[{field: value}]], "cannot be negative"
            )
        self._assert_unchanged(tier, review_frequency_months=tier.review_frequency_months)
        self._assert_unchanged(self.account, key_account_manager_id=self.kam)
        self.assertTrue(self.kam.exists())
        self.assertGreaterEqual(self.env.company.kam_candidate_min_revenue, 0)
