from datetime import date

from odoo.fields import Command
from odoo.tests import new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .test_kam_tender import KamTenderCommon


@tagged("post_install", "-at_install")
class TestKamApproval(KamTenderCommon):
    """Requests reach the KAM's manager as an activity, and wait in the manager's queue until answered."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan_approval = cls.env.ref("kam_key_accounts.mail_act_kam_plan_approval")
        cls.tender_decision = cls.env.ref("kam_key_accounts.mail_act_kam_tender_decision")
        cls.manager_other = new_test_user(
            cls.env, "kam_dora", groups="kam_key_accounts.group_kam_manager", name="Dora Manager"
        )
        # Carla leads the sales team of Anne (the group's KAM): she is Anne's manager
        cls.env["crm.team"].create(
            {"name": "Key accounts", "user_id": cls.kam_manager.id, "member_ids": [Command.link(cls.kam.id)]}
        )
        cls.plan = cls.env["kam.account.plan"].create(
            {
                "name": "Aurore plan",
                "partner_id": cls.group.id,
                "date_start": date(cls.today.year, 1, 1),
                "date_end": date(cls.today.year, 12, 31),
            }
        )

    def _approval_activities(self, record, activity_type):
        return record.activity_ids.filtered(lambda activity: activity.activity_type_id == activity_type)

    def _queue(self, xmlid, user):
        """What the manager's To Approve menu lists: the action's own domain, as ``user``."""
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        Model = self.env[action["res_model"]].with_user(user)
        return Model.search(safe_eval(action["domain"], {"uid": user.id}))

    def test_submitted_plan_waits_for_the_kams_manager(self):
        self.plan.with_user(self.kam).action_submit()
        activity = self._approval_activities(self.plan, self.plan_approval)
        self.assertEqual(activity.user_id, self.kam_manager, "the leader of the KAM's sales team")
        self.assertEqual(activity.summary, "Approve the account plan")
        notified = self.env["mail.message"].search(
            [
                ("model", "=", "kam.account.plan"),
                ("res_id", "=", self.plan.id),
                ("message_type", "=", "user_notification"),
            ]
        )
        self.assertEqual(notified.partner_ids, self.kam_manager.partner_id, "the approver is told")
        queue = "kam_key_accounts.kam_account_plan_action_to_approve"
        self.assertEqual(self._queue(queue, self.kam_manager), self.plan)
        self.assertFalse(self._queue(queue, self.manager_other), "not another manager's")

        self.plan.with_user(self.kam_manager).action_approve()
        self.assertFalse(self._approval_activities(self.plan, self.plan_approval))
        done = self.plan.message_ids.filtered(
            lambda message: message.mail_activity_type_id == self.plan_approval
        )
        self.assertEqual(done.author_id, self.kam_manager.partner_id)
        self.assertIn("Approved", str(done.body))
        self.assertFalse(self._queue(queue, self.kam_manager))

    def test_plan_back_to_draft_withdraws_the_request(self):
        self.plan.with_user(self.kam).action_submit()
        self.assertTrue(self._approval_activities(self.plan, self.plan_approval))
        self.plan.with_user(self.kam).action_reset_draft()
        self.assertFalse(self._approval_activities(self.plan, self.plan_approval))
        self.assertFalse(
            self.plan.message_ids.filtered(
                lambda message: message.mail_activity_type_id == self.plan_approval
            ),
            "withdrawn, not done",
        )

    def test_without_a_team_leader_every_manager_of_the_company_but_the_kam(self):
        company_b = self.env["res.company"].create({"name": "Société B"})
        manager_b = new_test_user(
            self.env,
            "kam_manager_b",
            groups="kam_key_accounts.group_kam_manager",
            company_id=company_b.id,
            company_ids=[Command.set(company_b.ids)],
        )
        self.kam.crm_team_member_ids.unlink()
        # a manager who is the account's KAM does not approve their own plan
        self.group.key_account_manager_id = self.manager_other
        plan = self.env["kam.account.plan"].create(
            {"name": "Aurore plan (manager's)", "partner_id": self.group.id}
        )
        self.assertEqual(plan.user_id, self.manager_other)
        plan.with_user(self.manager_other).action_submit()
        approvers = self._approval_activities(plan, self.plan_approval).user_id
        self.assertIn(self.kam_manager, approvers)
        self.assertNotIn(self.manager_other, approvers)
        self.assertNotIn(manager_b, approvers, "a manager of another company")
        self.assertNotIn(self.kam, approvers, "a KAM is no approver")
        # one manager answers: the others' activities go, theirs is done
        plan.with_user(self.kam_manager).action_approve()
        self.assertFalse(self._approval_activities(plan, self.plan_approval))
        done = plan.message_ids.filtered(lambda message: message.mail_activity_type_id == self.plan_approval)
        self.assertEqual(len(done), 1)

    def test_go_no_go_waits_for_the_kams_manager(self):
        tender = self._tender()
        tender.with_user(self.kam).action_start_analysis()
        tender.with_user(self.kam).action_ask_decision()
        activity = self._approval_activities(tender, self.tender_decision)
        self.assertEqual(activity.user_id, self.kam_manager)
        queue = "kam_key_accounts.kam_tender_action_to_decide"
        self.assertEqual(self._queue(queue, self.kam_manager), tender)
        self.assertFalse(self._queue(queue, self.manager_other))

        tender.with_user(self.kam_manager).action_decide_go()
        self.assertFalse(self._approval_activities(tender, self.tender_decision))
        done = tender.message_ids.filtered(
            lambda message: message.mail_activity_type_id == self.tender_decision
        )
        self.assertIn("Go", str(done.body))
        self.assertFalse(self._queue(queue, self.kam_manager))

    def test_abandoned_tender_withdraws_the_request(self):
        tender = self._tender()
        tender.with_user(self.kam).action_ask_decision()
        self.assertTrue(self._approval_activities(tender, self.tender_decision))
        tender.with_user(self.kam).action_abandon()
        self.assertFalse(self._approval_activities(tender, self.tender_decision))
        self.assertFalse(self._queue("kam_key_accounts.kam_tender_action_to_decide", self.kam_manager))

    def test_the_queue_is_for_managers(self):
        menu = self.env.ref("kam_key_accounts.kam_menu_to_approve")
        self.assertEqual(menu.groups_id, self.env.ref("kam_key_accounts.group_kam_manager"))
        self.assertEqual(
            [child.action.res_model for child in menu.child_id],
            ["kam.account.plan", "kam.tender", "kam.pay.statement"],
            "one entry per kind",
        )
