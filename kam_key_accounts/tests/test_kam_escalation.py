from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import KamCommon


@tagged("post_install", "-at_install")
class TestKamEscalation(KamCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tier_key.escalation_response_hours = 24
        cls.department = cls.env["kam.department"].create({"name": "Logistics test"})

    def _escalation(self, **values):
        return self.env["kam.escalation"].create(
            {
                "name": "Late deliveries",
                "partner_id": self.sub_subsidiary.id,
                "escalation_type": "delivery",
                **values,
            }
        )

    def test_deadline_from_tier_service_level(self):
        opened = fields.Datetime.now()
        escalation = self._escalation(date_open=opened)
        self.assertEqual(escalation.key_account_id, self.group)
        self.assertEqual(escalation.user_id, self.kam)
        self.assertEqual(escalation.response_deadline, opened + timedelta(hours=24))
        escalation.severity = "critical"
        self.assertEqual(escalation.response_deadline, opened + timedelta(hours=12))

    def test_form_computes_the_deadline(self):
        with Form(self.env["kam.escalation"].with_user(self.kam)) as form:
            form.name = "Wrong invoices"
            form.partner_id = self.subsidiary
            form.escalation_type = "billing"
            form.department_id = self.department
            self.assertEqual(form.user_id, self.kam)
            self.assertTrue(form.response_deadline)
            self.assertEqual(form.response_deadline - form.date_open, timedelta(hours=24))

    def test_open_and_late_counts_on_the_key_account(self):
        self._escalation(date_open=fields.Datetime.now() - timedelta(days=3))
        self._escalation()
        self._escalation(state="resolved", date_open=fields.Datetime.now() - timedelta(days=3))
        self.assertEqual(self.group.kam_escalation_open_count, 2)
        self.assertEqual(self.group.kam_escalation_late_count, 1)
        late = self.env["kam.escalation"].search(
            [("is_late", "=", True), ("key_account_id", "=", self.group.id)]
        )
        self.assertEqual(len(late), 1)

    def test_transitions(self):
        escalation = self._escalation()
        escalation.action_start()
        self.assertEqual(escalation.state, "in_progress")
        with self.assertUserError("resolution", UserError):
            escalation.action_resolve()
        escalation.resolution = "<p>Extra truck on Mondays</p>"
        escalation.action_resolve()
        self.assertEqual(escalation.state, "resolved")
        self.assertTrue(escalation.date_resolved)
        with self.assertUserError("Only open", UserError):
            escalation.action_cancel()
        escalation.action_reopen()
        escalation.action_cancel()
        self.assertEqual(escalation.state, "cancelled")

    def test_tier_response_time_must_be_positive(self):
        with self.assertUserError("at least one hour"):
            self.tier_key.escalation_response_hours = 0

    def test_escalations_lower_the_plan_health(self):
        plan = self.env["kam.account.plan"].create(
            {
                "name": "Aurore plan",
                "partner_id": self.group.id,
                "date_start": date(self.today.year, 1, 1),
                "date_end": date(self.today.year, 12, 31),
            }
        )
        self.assertEqual(plan.health_escalations, 1.0)
        score = plan.health_score
        self._escalation()
        self._escalation(date_open=fields.Datetime.now() - timedelta(days=3))
        plan.invalidate_recordset()
        self.group.invalidate_recordset()
        self.assertEqual(plan.health_escalations, 0.25, "one open (-0.25) and one late (-0.5)")
        self.assertLess(plan.health_score, score)

    def test_plan_opens_the_accounts_tenders_and_contracts(self):
        plan = self.env["kam.account.plan"].create(
            {
                "name": "Aurore plan",
                "partner_id": self.group.id,
                "date_start": date(self.today.year, 1, 1),
                "date_end": date(self.today.year, 12, 31),
            }
        )
        self.env["kam.contract"].create(
            {"name": "C", "partner_id": self.group.id, "date_start": self.today, "date_end": self.today}
        ).action_start()
        self.assertEqual(plan.with_user(self.kam).kam_contract_running_count, 1)
        action = (
            plan.with_user(self.kam).with_context(kam_model="kam.contract").action_open_kam_tender_records()
        )
        self.assertEqual(action["res_model"], "kam.contract")
        self.assertEqual(action["domain"], [("partner_id", "=", self.group.id)])
