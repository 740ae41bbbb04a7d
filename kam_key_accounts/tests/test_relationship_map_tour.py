from datetime import timedelta

from odoo import fields
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestRelationshipMapTour(HttpCase):
    def test_open_the_org_chart_of_a_key_account(self):
        admin = self.env.ref("base.user_admin")
        owner = new_test_user(
            self.env, "oceane_tour", groups="kam_key_accounts.group_kam_user", name="Océane Tour"
        )
        Partner = self.env["res.partner"]
        account = Partner.create(
            {
                "name": "Tour Map SA",
                "is_company": True,
                "is_key_account": True,
                "key_account_manager_id": admin.id,
            }
        )
        subsidiary = Partner.create({"name": "Tour Map Filiale", "is_company": True, "parent_id": account.id})
        boss = Partner.create({"name": "Marie Tourette", "parent_id": account.id})
        report = Partner.create({"name": "Paul Tourneur", "parent_id": subsidiary.id})
        Stakeholder = self.env["kam.stakeholder"]
        marie = Stakeholder.create(
            {
                "key_account_id": account.id,
                "partner_id": boss.id,
                "buying_role": "decision_maker",
                "influence": 5,
                "attitude": "supporter",
                "owner_id": admin.id,
            }
        )
        Stakeholder.create(
            {
                "key_account_id": account.id,
                "partner_id": report.id,
                "attitude": "opponent",
                "owner_id": owner.id,
                "reports_to_id": marie.id,
            }
        )
        self.env["calendar.event"].create(
            {
                "name": "Déjeuner",
                "start": fields.Datetime.now() - timedelta(days=2),
                "stop": fields.Datetime.now() - timedelta(days=2, hours=-1),
                "partner_ids": [Command.set(report.ids)],
            }
        )
        self.start_tour(
            f"/odoo/action-kam_key_accounts.res_partner_action_key_account/{account.id}",
            "kam_relationship_map_tour",
            login="admin",
        )
