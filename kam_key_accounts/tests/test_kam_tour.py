from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestKamTour(HttpCase):
    def test_manager_creates_a_tier_in_the_browser(self):
        self.start_tour("/odoo/action-kam_key_accounts.kam_tier_action", "kam_tier_tour", login="admin")
        tier = self.env["kam.tier"].search([("name", "=", "Platinum Tour")])
        self.assertEqual(len(tier), 1)

    def test_flag_a_company_and_open_its_card(self):
        company = self.env["res.partner"].create({"name": "Tour Company SA", "is_company": True})
        subsidiary = self.env["res.partner"].create(
            {"name": "Tour Company Filiale", "is_company": True, "parent_id": company.id}
        )
        self.start_tour(
            f"/odoo/action-base.action_partner_form/{company.id}", "kam_key_account_tour", login="admin"
        )
        self.assertTrue(company.is_key_account)
        self.assertEqual(company.key_account_manager_id, self.env.ref("base.user_admin"))
        self.assertEqual(company.kam_tier_id, self.env.ref("kam_key_accounts.kam_tier_strategic"))
        self.assertEqual(subsidiary.key_account_id, company)
