from datetime import timedelta

from odoo import fields
from odoo.fields import Command
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestKamTenderTour(HttpCase):
    def test_answer_a_tender_up_to_submission(self):
        account = self.env["res.partner"].create(
            {
                "name": "Tour Tender Group",
                "is_company": True,
                "is_key_account": True,
                "key_account_manager_id": self.env.ref("base.user_admin").id,
            }
        )
        tender_type = self.env["kam.tender.type"].create(
            {"name": "Tour type", "document_template_ids": [Command.create({"name": "Tour proposal"})]}
        )
        tender = self.env["kam.tender"].create(
            {
                "name": "Tour tender",
                "partner_id": account.id,
                "type_id": tender_type.id,
                "submission_deadline": fields.Datetime.now() + timedelta(days=15),
            }
        )
        self.start_tour(
            f"/odoo/action-kam_key_accounts.kam_tender_action/{tender.id}", "kam_tender_tour", login="admin"
        )
        self.assertEqual(tender.state, "submitted")
        self.assertEqual(tender.decision_user_id, self.env.ref("base.user_admin"))
        self.assertEqual(tender.bid_amount, 88000.0)
        self.assertTrue(tender.checklist_complete)
