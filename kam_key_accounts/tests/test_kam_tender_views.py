from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import KamCommon

ACTIONS = (
    "kam_key_accounts.kam_tender_action",
    "kam_key_accounts.kam_tender_action_calendar",
    "kam_key_accounts.kam_contract_action",
    "kam_key_accounts.kam_negotiation_action",
    "kam_key_accounts.kam_negotiation_price_action",
    "kam_key_accounts.kam_escalation_action",
)


@tagged("post_install", "-at_install")
class TestKamTenderViews(KamCommon):
    def test_every_view_loads_for_a_kam_user(self):
        for xmlid in ACTIONS:
            action = self.env.ref(xmlid)
            modes = [(False, mode) for mode in action.view_mode.split(",")] + [(False, "search")]
            views = self.env[action.res_model].with_user(self.kam).get_views(modes)
            self.assertTrue(views["views"], xmlid)

    def test_forms_load_for_plain_salespeople(self):
        # Our fields on partners, opportunities and orders are hidden from them, not forbidden.
        for model in ("res.partner", "crm.lead", "sale.order"):
            views = self.env[model].with_user(self.salesman).get_views([(False, "form")])
            self.assertNotIn("kam_tender_count", views["models"][model]["fields"])
            self.assertNotIn("kam_escalation_open_count", views["models"][model]["fields"])

    def test_key_account_counts_have_a_flat_query_budget(self):
        accounts = self.env["res.partner"].create(
            [
                {
                    "name": f"Budget {i}",
                    "is_company": True,
                    "is_key_account": True,
                    "key_account_manager_id": self.kam.id,
                }
                for i in range(20)
            ]
        )
        tender_type = self.env["kam.tender.type"].create({"name": "Budget type"})
        deadline = fields.Datetime.now() + timedelta(days=5)
        self.env["kam.tender"].create(
            [
                {
                    "name": "T",
                    "partner_id": account.id,
                    "type_id": tender_type.id,
                    "submission_deadline": deadline,
                }
                for account in accounts
            ]
        )
        self.env["kam.escalation"].create([{"name": "E", "partner_id": account.id} for account in accounts])
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        accounts[:2].mapped("kam_escalation_late_count")
        accounts[:2].mapped("kam_tender_open_count")
        few = self.env.cr.sql_log_count - before
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        self.assertEqual(sum(accounts.mapped("kam_escalation_open_count")), 20)
        self.assertEqual(sum(accounts.mapped("kam_tender_open_count")), 20)
        self.assertEqual(self.env.cr.sql_log_count - before, few, "as many queries for 20 accounts as for 2")
