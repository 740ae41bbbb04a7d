from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import KamCommon


@tagged("post_install", "-at_install")
class TestWorkflowIntegrity(KamCommon):
    """States and approvals move through their actions only, whoever calls ``write`` or ``create``
    (the web client's buttons call the actions; an integration calls ``write`` as JSON-RPC does)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls.env["kam.account.plan"].create(
            {
                "name": "Aurore",
                "partner_id": cls.group.id,
                "date_start": date(cls.today.year, 1, 1),
                "date_end": date(cls.today.year, 12, 31),
            }
        )

    def test_a_plan_state_is_not_written_directly(self):
        Plan = self.env["kam.account.plan"].with_user(self.kam)
        plan = Plan.browse(self.plan.id)
        plan.action_submit()
        for vals in ({"state": "approved"}, {"state": "active"}, {"approved_by_id": self.kam.id}):
            with self.subTest(vals=vals), self.assertUserError("changes only through its buttons", UserError):
                plan.write(vals)
        with self.assertUserError("changes only through its buttons", UserError):
            Plan.create({"name": "Pre-approved", "partner_id": self.group.id, "state": "approved"})
        # a manager's write is no action either
        with self.assertUserError("changes only through its buttons", UserError):
            plan.with_user(self.kam_manager).write({"state": "approved"})
        self.assertEqual(plan.state, "submitted")
        # a new plan in its initial state, and a copy, are fine
        self.assertEqual(
            Plan.create({"name": "New", "partner_id": self.group.id, "state": "draft"}).state, "draft"
        )
        self.assertEqual(plan.copy().state, "draft")

    def test_a_kanban_column_creates_plans_in_draft(self):
        """The "+" of the Approved column passes default_state: the new plan still starts in draft."""
        Plan = self.env["kam.account.plan"].with_user(self.kam).with_context(default_state="approved")
        plan = Plan.create({"name": "From the column", "partner_id": self.group.id})
        self.assertEqual((plan.state, plan.approved_by_id), ("draft", self.env["res.users"]))
        columns = self.env["kam.account.plan"].read_group([("id", "=", 0)], ["state"], ["state"])
        self.assertEqual(
            [column["state"] for column in columns], ["draft", "submitted", "approved", "active", "closed"]
        )

    def test_a_manager_does_not_approve_a_plan_of_their_own(self):
        boss = new_test_user(
            self.env, "kam_boss", groups="kam_key_accounts.group_kam_manager", name="Boss KAM"
        )
        self.plan.user_id = boss
        self.plan.action_submit()
        with self.assertUserError("another manager approves it", UserError):
            self.plan.with_user(boss).action_approve()
        self.plan.with_user(self.kam_manager).action_approve()
        self.assertEqual((self.plan.state, self.plan.approved_by_id), ("approved", self.kam_manager))
        # the company may allow it
        self.company.kam_plan_four_eyes = False
        self.plan.action_reset_draft()
        self.plan.action_submit()
        self.plan.with_user(boss).action_approve()
        self.assertEqual(self.plan.approved_by_id, boss)


@tagged("post_install", "-at_install")
class TestTenderWorkflow(KamCommon):
    def _tender(self, user):
        return (
            self.env["kam.tender"]
            .with_user(user)
            .create(
                {
                    "name": "Catering framework",
                    "partner_id": self.subsidiary.id,
                    "type_id": self.env.ref("kam_key_accounts.kam_tender_type_private").id,
                    "submission_deadline": fields.Datetime.now() + timedelta(days=20),
                }
            )
        )

    def test_a_kam_cannot_submit_a_tender_under_analysis_by_writing_its_state(self):
        tender = self._tender(self.kam)
        tender.action_start_analysis()
        # the kanban's move to "submitted" runs the submit action, which refuses
        with self.assertUserError("Only tenders being prepared can be submitted", UserError):
            tender.write({"state": "submitted"})
        with self.assertUserError("changes only through its buttons", UserError):
            tender.write({"state": "won", "name": "Won already"})
        self.assertEqual(tender.state, "analysis")
        # a legitimate move of the kanban is the action's
        tender.write({"state": "decision"})
        self.assertEqual(tender.state, "decision")

    def test_a_tender_is_created_new(self):
        with self.assertUserError("changes only through its buttons", UserError):
            self.env["kam.tender"].with_user(self.kam).create(
                {
                    "name": "Won from the start",
                    "partner_id": self.subsidiary.id,
                    "type_id": self.env.ref("kam_key_accounts.kam_tender_type_private").id,
                    "state": "won",
                }
            )


@tagged("post_install", "-at_install")
class TestStatesOwnedByActions(KamCommon):
    """Contracts, negotiations and escalations: a state written directly is refused for every role."""

    def _records(self):
        contract = self.env["kam.contract"].create(
            {
                "name": "Aurore framework",
                "partner_id": self.group.id,
                "date_start": date(self.today.year, 1, 1),
                "date_end": date(self.today.year + 1, 12, 31),
            }
        )
        lead = self.env["crm.lead"].create(
            {"name": "Renewal", "type": "opportunity", "partner_id": self.subsidiary.id}
        )
        negotiation = self.env["kam.negotiation"].create(
            {"name": "Rates", "lead_id": lead.id, "partner_id": self.subsidiary.id, "user_id": self.kam.id}
        )
        escalation = self.env["kam.escalation"].create(
            {"name": "Late deliveries", "partner_id": self.subsidiary.id, "escalation_type": "delivery"}
        )
        return [(contract, "running"), (negotiation, "agreed"), (escalation, "resolved")]

    def test_states_are_written_by_the_actions_only(self):
        for record, target in self._records():
            before = record.state
            for user in (self.kam, self.kam_manager):
                with (
                    self.subTest(model=record._name, user=user.login),
                    self.assertUserError("changes only through its buttons", UserError),
                ):
                    record.with_user(user).write({"state": target})
            self.assertEqual(record.state, before)
        contract, negotiation, escalation = (record for record, _target in self._records())
        contract.with_user(self.kam_manager).action_start()
        self.assertEqual(contract.state, "running")
        escalation.with_user(self.kam).action_start()
        self.assertEqual(escalation.state, "in_progress")
